using System.Diagnostics;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// The anonymous public role, re-read from the catalogue at most every <see cref="ResponseMemo.Lifetime"/>: it is
/// the same for every visitor without credentials, and reading it costs a query on each public request otherwise.
/// </summary>
public sealed class AnonymousCallerCache(TesseraRepository repository)
{
    // One immutable object swapped by reference: readers on other threads never see a caller with another's expiry.
    private Entry? _current;

    /// <summary>The anonymous caller, fresh to within the memo lifetime.</summary>
    public async ValueTask<CatalogCaller> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { } current && current.ExpiresAt > Stopwatch.GetTimestamp())
        {
            return current.Caller;
        }

        var caller = await repository.Catalog.AnonymousAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, new Entry(caller, Stopwatch.GetTimestamp() + (long)(ResponseMemo.Lifetime.TotalSeconds * Stopwatch.Frequency)));
        return caller;
    }

    private sealed record Entry(CatalogCaller Caller, long ExpiresAt);
}
