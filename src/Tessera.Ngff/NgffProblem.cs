namespace Tessera.Ngff;

/// <summary>
/// One validation problem. <see cref="Path"/> names the place: the metadata file and a JSON path inside it
/// (<c>A/1/zarr.json:$.attributes.ome.well.images[0].path</c>), or just the JSON path when validating an
/// attributes document on its own.
/// </summary>
/// <param name="Path">Where the problem is.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="Severity">Error (MUST), warning (SHOULD) or note.</param>
public sealed record NgffProblem(string Path, string Message, NgffSeverity Severity)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Path}: {Message}";
}
