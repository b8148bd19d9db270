namespace Tessera.Zarr;

/// <summary>No array or group metadata exists at a path.</summary>
public sealed class ZarrNodeNotFoundException : ZarrException
{
    /// <summary>Creates the exception.</summary>
    public ZarrNodeNotFoundException(string store, string path, string expected)
        : base($"{store}: no {expected} at '{(path.Length == 0 ? "/" : path)}' (looked for zarr.json, .zarray and .zgroup)")
    {
        Store = store;
        Path = path;
    }

    /// <summary>Description of the store.</summary>
    public string Store { get; }

    /// <summary>The node path inside the store.</summary>
    public string Path { get; }
}
