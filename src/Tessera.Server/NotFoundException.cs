namespace Tessera.Server;

/// <summary>Something the request names that is not there (a Zarr key, a route parameter's object) (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);
