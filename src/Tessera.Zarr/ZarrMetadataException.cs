namespace Tessera.Zarr;

/// <summary>Metadata that cannot be parsed or that breaks the Zarr specification.</summary>
public class ZarrMetadataException : ZarrException
{
    /// <summary>Creates the exception for a metadata document.</summary>
    /// <param name="key">Store key of the metadata document, e.g. <c>a/zarr.json</c>.</param>
    /// <param name="jsonPath">JSON path of the offending member, e.g. <c>$.shape[1]</c>; null when the whole document is at fault.</param>
    /// <param name="problem">What is wrong, with the expected and the found value where they help.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public ZarrMetadataException(string? key, string? jsonPath, string problem, Exception? innerException = null)
        : base(Format(key, jsonPath, problem), innerException)
    {
        Key = key;
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>Store key of the metadata document, when known.</summary>
    public string? Key { get; }

    /// <summary>JSON path of the offending member, when known.</summary>
    public string? JsonPath { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }

    /// <summary>Returns a copy that carries the store key, for errors raised before the key was known.</summary>
    public virtual ZarrMetadataException WithKey(string key) => new(key, JsonPath, Problem, InnerException);

    private static string Format(string? key, string? jsonPath, string problem)
    {
        var where = (key, jsonPath) switch
        {
            (null, null) => "",
            (null, _) => $"{jsonPath}: ",
            (_, null) => $"{key}: ",
            _ => $"{key} {jsonPath}: ",
        };
        return where + problem;
    }
}
