namespace Tessera.Server;

/// <summary>A write reached a server started with <c>--public-readonly</c> (405).</summary>
public sealed class ReadOnlyServerException() : Exception("this server is a public read-only mirror: writes are not allowed");
