namespace Tessera.Catalog;

/// <summary>Object types as stored (table names, <c>object_type</c> values) and typed (CLI, API paths).</summary>
public static class CatalogObjectTypes
{
    /// <summary>The stored name, which is also the table name: project, dataset, image, screen, plate, well, roi.</summary>
    public static string Name(CatalogObjectType type) => type switch
    {
        CatalogObjectType.Project => "project",
        CatalogObjectType.Dataset => "dataset",
        CatalogObjectType.Image => "image",
        CatalogObjectType.Screen => "screen",
        CatalogObjectType.Plate => "plate",
        CatalogObjectType.Well => "well",
        CatalogObjectType.Roi => "roi",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a stored or typed name, case-insensitively.</summary>
    /// <exception cref="FormatException">The text names no object type.</exception>
    public static CatalogObjectType Parse(string text)
    {
        foreach (var type in Enum.GetValues<CatalogObjectType>())
        {
            if (string.Equals(Name(type), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        throw new FormatException($"'{text}' is not an object type (project, dataset, image, screen, plate, well, roi)");
    }
}
