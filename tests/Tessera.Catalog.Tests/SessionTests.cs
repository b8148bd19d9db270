using Dapper;

namespace Tessera.Catalog.Tests;

/// <summary>Login sessions, API tokens and password hashes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Sessions_resolve_expire_and_end_and_only_their_hash_is_stored(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var alice = await catalog.CreateUserAsync("alice");

        var cookie = await catalog.CreateSessionAsync(alice.Id, "cookie", TimeSpan.FromHours(1));
        var token = await catalog.CreateSessionAsync(alice.Id, "token", null, "notebook");
        var expired = await catalog.CreateSessionAsync(alice.Id, "cookie", TimeSpan.FromSeconds(-1));
        Assert.Equal(alice.Id, await catalog.FindSessionAsync(cookie, "cookie"));
        Assert.Equal(alice.Id, await catalog.FindSessionAsync(token, "token"));
        Assert.Null(await catalog.FindSessionAsync(token, "cookie"));
        Assert.Null(await catalog.FindSessionAsync(expired, "cookie"));
        Assert.Null(await catalog.FindSessionAsync("garbage\0'; DROP TABLE session; --", "cookie"));
        Assert.Null(await catalog.FindSessionAsync(new string('x', 5000), "cookie"));
        await Assert.ThrowsAsync<ArgumentException>(() => catalog.CreateSessionAsync(alice.Id, "forever", null));

        await using (var connection = await backend.Database.OpenConnectionAsync())
        {
            var ids = (await connection.QueryAsync<string>("SELECT id FROM session")).ToList();
            Assert.Equal(3, ids.Count);
            Assert.DoesNotContain(cookie, ids);
            Assert.DoesNotContain(token, ids);
        }

        await catalog.EndSessionAsync(cookie);
        Assert.Null(await catalog.FindSessionAsync(cookie, "cookie"));
        Assert.Equal(alice.Id, await catalog.FindSessionAsync(token, "token"));
    }

    [Fact]
    public void Password_hashes_verify_only_the_password_and_survive_malformed_input()
    {
        var hash = PasswordHash.Create("correct horse", iterations: 1000);
        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify("correct horse", hash));
        Assert.False(PasswordHash.Verify("correct horsE", hash));
        Assert.NotEqual(hash, PasswordHash.Create("correct horse", iterations: 1000)); // salted
        foreach (var bad in new[] { null, "", "plain", "pbkdf2-sha256$x$a$b", "pbkdf2-sha256$10$!!$??", "md5$1$a$b", "pbkdf2-sha256$0$AAAA$AAAA" })
        {
            Assert.False(PasswordHash.Verify("correct horse", bad));
        }
    }
}
