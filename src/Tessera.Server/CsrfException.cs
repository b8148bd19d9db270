namespace Tessera.Server;

/// <summary>A cookie-authenticated write without the session's CSRF token (403).</summary>
public sealed class CsrfException() : Exception($"a write with a session cookie needs the {RequestCaller.CsrfHeader} header (the csrfToken from GET /api/v1/session)");
