namespace Tessera.Zarr;

/// <summary>Progress of copying one array.</summary>
/// <param name="ArrayPath">Path of the array at the target.</param>
/// <param name="ElementsDone">Elements written so far.</param>
/// <param name="ElementsTotal">Elements in the array.</param>
public readonly record struct ZarrCopyProgress(string ArrayPath, long ElementsDone, long ElementsTotal);
