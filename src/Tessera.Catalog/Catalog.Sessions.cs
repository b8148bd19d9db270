using System.Security.Cryptography;
using System.Text;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>
    /// Opens a login session (<paramref name="kind"/> "cookie") or an API token ("token") for a user and returns its
    /// secret. Only a SHA-256 of the secret is stored, so a copy of the catalogue does not hand out live sessions;
    /// being in the catalogue, sessions survive restarts and are shared by every server process.
    /// </summary>
    public async Task<string> CreateSessionAsync(long experimenterId, string kind, TimeSpan? lifetime, string? name = null, CancellationToken cancellationToken = default)
    {
        if (kind is not ("cookie" or "token"))
        {
            throw new ArgumentException($"session kind must be 'cookie' or 'token', not '{kind}'", nameof(kind));
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        await ScalarAsync<long>(
            "INSERT INTO session (id, experimenter_id, kind, name, created_at, expires_at) VALUES (@id, @experimenterId, @kind, @name, @now, @expires)",
            new { id = SessionId(secret), experimenterId, kind, name, now = CatalogClock.Value(now, Dialect), expires = lifetime is { } l ? CatalogClock.Value(now + l, Dialect) : null }, cancellationToken).ConfigureAwait(false);
        return secret;
    }

    /// <summary>The user a session or token secret belongs to, or null when it is unknown, malformed or expired.</summary>
    public async Task<long?> FindSessionAsync(string secret, string kind, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 128)
        {
            return null;
        }

        var rows = await RowsAsync(
            "SELECT experimenter_id, expires_at FROM session WHERE id = @id AND kind = @kind",
            new { id = SessionId(secret), kind }, cancellationToken).ConfigureAwait(false);
        var row = rows.FirstOrDefault();
        if (row is null)
        {
            return null;
        }

        var expires = row.NullableTime("expires_at");
        return expires is { } e && e <= DateTimeOffset.UtcNow ? null : row.Long("experimenter_id");
    }

    /// <summary>Ends a session or revokes a token; unknown secrets are ignored.</summary>
    public Task EndSessionAsync(string secret, CancellationToken cancellationToken = default) =>
        ScalarAsync<long>("DELETE FROM session WHERE id = @id", new { id = SessionId(secret) }, cancellationToken);

    private static string SessionId(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
