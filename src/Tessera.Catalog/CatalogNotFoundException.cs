namespace Tessera.Catalog;

/// <summary>
/// The object does not exist or the caller may not read it: the two are deliberately one answer, so a caller never
/// learns of an object it may not see (the server answers 404 for both).
/// </summary>
public sealed class CatalogNotFoundException(ObjectRef target) : CatalogException($"{target}: not found")
{
    /// <summary>The object asked for.</summary>
    public ObjectRef Target { get; } = target;
}
