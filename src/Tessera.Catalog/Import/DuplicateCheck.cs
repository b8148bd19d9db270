namespace Tessera.Catalog.Import;

/// <summary>
/// Refuses a source the catalogue already holds: the same canonical path, a folder above it that was imported (a plate
/// holding this field), or something below it that was (a field of this plate) — in place or copied alike.
/// </summary>
internal static class DuplicateCheck
{
    /// <summary>Throws when <paramref name="source"/> (shown as <paramref name="path"/>) overlaps an earlier import.</summary>
    /// <exception cref="CatalogException">It does, naming the object imported before.</exception>
    public static async Task RefuseAsync(CatalogWrite write, string path, string source)
    {
        if (await Catalog.FindSourceAsync(write, source).ConfigureAwait(false) is { } same)
        {
            throw new CatalogException($"{path}: already imported as {same}");
        }

        foreach (var ancestor in SourcePath.Ancestors(source))
        {
            if (await Catalog.FindSourceAsync(write, ancestor).ConfigureAwait(false) is { } holder)
            {
                throw new CatalogException($"{path}: already imported as part of {holder} (imported from {ancestor})");
            }
        }

        // A prefix test rather than LIKE: paths may hold '%' and '_', and collations differ between the two databases.
        var below = source + "/";
        var member = source + SourcePath.MemberSeparator;
        var parameters = new { below, member, length = below.Length };
        foreach (var type in new[] { CatalogObjectType.Image, CatalogObjectType.Plate })
        {
            var rows = await write.RowsAsync(
                $"SELECT id, source FROM {CatalogObjectTypes.Name(type)} WHERE substr(source, 1, @length) = @below OR substr(source, 1, @length) = @member ORDER BY id LIMIT 1",
                parameters).ConfigureAwait(false);
            if (rows.Count > 0)
            {
                throw new CatalogException($"{path}: {new ObjectRef(type, rows[0].Long("id"))} inside it is already imported (from {rows[0].Text("source")})");
            }
        }
    }
}
