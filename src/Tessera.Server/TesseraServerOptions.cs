namespace Tessera.Server;

/// <summary>How <c>tessera serve</c> runs: which repository, where it listens, and whether it is a read-only public mirror.</summary>
public sealed record TesseraServerOptions
{
    /// <summary>The Tessera repository folder (repository.json, catalogue, pixels/).</summary>
    public required string RepositoryPath { get; init; }

    /// <summary>Addresses to listen on (semicolon-separated); loopback by default.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Serve only public groups, to everyone as the anonymous role, and refuse every write (405).</summary>
    public bool PublicReadOnly { get; init; }

    /// <summary>Lifetime of a login session (sliding windows are not used: a session ends at this age).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Where rendered thumbnails are cached; by default <c>cache/thumbnails</c> in the repository.</summary>
    public string? ThumbnailCacheDirectory { get; init; }
}
