namespace Tessera.Ngff;

/// <summary>How to read an attributes document.</summary>
public sealed record NgffReadOptions
{
    /// <summary>Read (and validate) as this version; a document of another version is an error. Null detects it, newest first.</summary>
    public NgffVersion? ExpectedVersion { get; init; }

    /// <summary>The JSON path of the attributes object in problem reports ("$", or "0/zarr.json:$.attributes").</summary>
    public string PathPrefix { get; init; } = "$";
}
