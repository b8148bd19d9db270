namespace Tessera.Catalog;

/// <summary>What a caller may try to do with a catalogued object.</summary>
public enum CatalogAction
{
    /// <summary>See it in lists, counts, facets and search results.</summary>
    List,

    /// <summary>Open it: metadata, pixels, annotations, ROIs.</summary>
    Read,

    /// <summary>Add annotations (pairs, tags, comments, files, ROIs) to it.</summary>
    Annotate,

    /// <summary>Change its name or description.</summary>
    Edit,

    /// <summary>Delete it.</summary>
    Delete,

    /// <summary>Put it into, or take it out of, a container ("mix data" in OMERO's table).</summary>
    Link,
}
