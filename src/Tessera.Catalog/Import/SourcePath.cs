namespace Tessera.Catalog.Import;

/// <summary>
/// The identity of what is imported: its absolute path with every symbolic link resolved, so one folder reached by
/// two names is still one source and is never imported twice.
/// </summary>
internal static class SourcePath
{
    /// <summary>Separates a member image (a collection's series, a plate's field) from the source it belongs to.</summary>
    public const char MemberSeparator = '#';

    /// <summary>The canonical absolute form of an existing file or directory.</summary>
    /// <exception cref="CatalogException">Nothing exists at <paramref name="path"/>.</exception>
    public static string Canonical(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new CatalogException($"{path}: no such file or directory");
        }

        // Resolve links component by component: a link in a parent directory changes the identity as much as one at the end.
        var root = Path.GetPathRoot(full) ?? "/";
        var resolved = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                next = Canonical(target.FullName);
            }

            resolved = next;
        }

        return resolved;
    }

    /// <summary>The source of a member image: the source it belongs to, <see cref="MemberSeparator"/>, its path inside.</summary>
    public static string Member(string source, string relativePath) => relativePath.Length == 0 ? source : source + MemberSeparator + relativePath;

    /// <summary>The directories above <paramref name="canonical"/>, nearest first: an import of any of them already holds it.</summary>
    public static IEnumerable<string> Ancestors(string canonical)
    {
        for (var parent = Path.GetDirectoryName(canonical); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            yield return parent;
        }
    }

    /// <summary>A name for the copy in the pixel store: the source's file name without its image extensions, safe characters only.</summary>
    public static string Stem(string canonical)
    {
        var name = Path.GetFileName(canonical);
        foreach (var extension in new[] { ".ome.zarr", ".zarr", ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".png", ".jpeg", ".jpg" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && name.Length > extension.Length)
            {
                name = name[..^extension.Length];
                break;
            }
        }

        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]).Trim('_');
        return safe.Length == 0 ? "image" : safe[..Math.Min(safe.Length, 64)];
    }
}
