namespace Tessera.Server;

/// <summary>The request needs a logged-in user or a valid API token (401).</summary>
public sealed class UnauthorizedException(string message) : Exception(message);
