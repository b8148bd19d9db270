namespace Tessera.Catalog;

/// <summary>A catalogued object named by type and id, e.g. Image:42.</summary>
/// <param name="Type">What kind of object.</param>
/// <param name="Id">Its id in the catalogue.</param>
public readonly record struct ObjectRef(CatalogObjectType Type, long Id)
{
    /// <inheritdoc />
    public override string ToString() => $"{CatalogObjectTypes.Name(Type)}:{Id}";
}
