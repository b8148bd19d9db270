namespace Tessera.Server;

/// <summary>An encoded rendering and its validator: bytes just rendered, or the cached file holding them.</summary>
public sealed record RenderedPlane(string ETag, string ContentType, byte[]? Bytes, string? CachedFile);
