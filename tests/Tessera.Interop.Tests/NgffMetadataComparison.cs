using System.Text;
using Tessera.Ngff;

namespace Tessera.Interop.Tests;

/// <summary>
/// Explains why two <see cref="NgffMetadata"/> differ: record printing is too long for xunit's diff, so this
/// names the members that differ and shows both as the JSON of one version.
/// </summary>
internal static class NgffMetadataComparison
{
    /// <summary>Null when equal; otherwise what differs.</summary>
    public static string? Mismatch(NgffMetadata? expected, NgffMetadata actual, NgffVersion version)
    {
        if (expected == actual)
        {
            return null;
        }

        var message = new StringBuilder();
        if (expected is null)
        {
            return $"expected no metadata, read {Json(actual, version)}";
        }

        Compare(message, "multiscales", expected.Multiscales, actual.Multiscales);
        Compare(message, "omero", expected.Omero, actual.Omero);
        Compare(message, "image-label", expected.ImageLabel, actual.ImageLabel);
        Compare(message, "labels", expected.Labels, actual.Labels);
        Compare(message, "plate", expected.Plate, actual.Plate);
        Compare(message, "well", expected.Well, actual.Well);
        Compare(message, "bioformats2raw.layout", expected.Bioformats2RawLayout, actual.Bioformats2RawLayout);
        Compare(message, "series", expected.Series, actual.Series);
        if (expected.Multiscale is { } m && actual.Multiscale is { } n)
        {
            Compare(message, "multiscales[0].axes", m.Axes, n.Axes);
            Compare(message, "multiscales[0].datasets", m.Datasets, n.Datasets);
            Compare(message, "multiscales[0].name", m.Name, n.Name);
            Compare(message, "multiscales[0].type", m.Type, n.Type);
            Compare(message, "multiscales[0].metadata", m.Metadata, n.Metadata);
            Compare(message, "multiscales[0].coordinateTransformations", m.Transformations, n.Transformations);
            Compare(message, "multiscales[0].coordinateSystems", m.CoordinateSystems, n.CoordinateSystems);
        }

        message.Append($"written: {Json(expected, version)}\nread:    {Json(actual, version)}\n");
        return message.ToString();
    }

    private static void Compare<T>(StringBuilder message, string member, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            message.Append($"{member} differs:\n  written {expected?.ToString() ?? "null"}\n  read    {actual?.ToString() ?? "null"}\n");
        }
    }

    private static string Json(NgffMetadata metadata, NgffVersion version)
    {
        try
        {
            return NgffAttributes.Write(metadata, version).ToJsonString();
        }
        catch (ArgumentException e)
        {
            return $"(cannot write as {version.ToText()}: {e.Message})";
        }
    }
}
