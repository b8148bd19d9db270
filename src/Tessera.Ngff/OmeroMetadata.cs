namespace Tessera.Ngff;

/// <summary>The transitional <c>omero</c> block: channel colours, windows and initial rendering.</summary>
/// <param name="Channels">One entry per channel of the image's channel axis.</param>
public sealed record OmeroMetadata(ValueList<OmeroChannel> Channels)
{
    /// <summary>The OMERO image id, when the data came from OMERO.</summary>
    public long? Id { get; init; }

    /// <summary>The image name.</summary>
    public string? Name { get; init; }

    /// <summary>The rendering defaults.</summary>
    public OmeroRenderingDefaults? RenderingDefaults { get; init; }
}
