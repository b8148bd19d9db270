namespace Tessera.Zarr;

/// <summary>A store could not read or write a key: an IO or HTTP failure, or a corrupt container (zip).</summary>
public sealed class ZarrStoreException : ZarrException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">Description of the store (path or URL).</param>
    /// <param name="key">The key being accessed, when there is one.</param>
    /// <param name="problem">What failed.</param>
    /// <param name="innerException">The underlying IO or HTTP exception.</param>
    public ZarrStoreException(string store, string? key, string problem, Exception? innerException = null)
        : base(key is null ? $"{store}: {problem}" : $"{store}: key '{key}': {problem}", innerException)
    {
        Store = store;
        Key = key;
    }

    /// <summary>Description of the store.</summary>
    public string Store { get; }

    /// <summary>The key, when there is one.</summary>
    public string? Key { get; }
}
