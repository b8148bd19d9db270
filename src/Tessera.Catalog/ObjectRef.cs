namespace Tessera.Catalog;

/// <summary>A catalogued object named by type and id, e.g. Image:42.</summary>
/// <param name="Type">What kind of object.</param>
/// <param name="Id">Its id in the catalogue.</param>
public readonly record struct ObjectRef(CatalogObjectType Type, long Id)
{
    /// <summary>Parses <c>type:id</c> as <see cref="ToString"/> writes it (image:42, well:7).</summary>
    /// <exception cref="FormatException">Not a known type, or not a positive id.</exception>
    public static ObjectRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(text.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new FormatException($"'{text}' is not TYPE:ID (e.g. image:42, well:7)");
        }

        return new ObjectRef(CatalogObjectTypes.Parse(text[..separator]), id);
    }

    /// <inheritdoc />
    public override string ToString() => $"{CatalogObjectTypes.Name(Type)}:{Id}";
}
