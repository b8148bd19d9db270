namespace Tessera.Zarr.Tests.Storage;

/// <summary>One request as <see cref="StaticFileServer"/> saw it.</summary>
/// <param name="Method">GET, HEAD…</param>
/// <param name="Path">The request path, unescaped and without the leading slash (a store key).</param>
/// <param name="Range">The Range header as sent, or null.</param>
/// <param name="AcceptEncoding">The Accept-Encoding header as sent, or null.</param>
public sealed record RecordedRequest(string Method, string Path, string? Range, string? AcceptEncoding)
{
    /// <summary>The status answered; 0 until the response starts.</summary>
    public int Status { get; set; }
}
