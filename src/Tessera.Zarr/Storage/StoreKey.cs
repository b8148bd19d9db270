namespace Tessera.Zarr.Storage;

/// <summary>Validation and composition of store keys.</summary>
public static class StoreKey
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a relative, normalized key:
    /// non-empty segments separated by <c>/</c>, none of them <c>.</c> or <c>..</c>, no backslash or NUL.
    /// Stores call this before touching the file system, so a key can never escape the store's root.
    /// </summary>
    public static void Validate(string key, string parameterName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length == 0)
        {
            throw new ArgumentException("store key is empty", parameterName);
        }

        if (key.Contains('\\') || key.Contains('\0'))
        {
            throw new ArgumentException($"store key '{key}' contains a backslash or NUL", parameterName);
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"store key '{key}' is not a normalized relative key (empty, '.' or '..' segment)", parameterName);
            }
        }
    }

    /// <summary>Validates a prefix: empty, or a valid key followed by <c>/</c>.</summary>
    public static void ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (prefix.Length == 0)
        {
            return;
        }

        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException($"store prefix '{prefix}' must be empty or end with '/'", parameterName);
        }

        Validate(prefix[..^1], parameterName);
    }

    /// <summary>Joins a node path (possibly empty) and a relative key.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path.EndsWith('/') ? path + key : path + "/" + key;

    /// <summary>Normalizes a user-supplied node path: trims slashes, rejects <c>.</c>/<c>..</c> segments.</summary>
    public static string NormalizePath(string? path)
    {
        var trimmed = (path ?? "").Trim('/');
        if (trimmed.Length > 0)
        {
            Validate(trimmed, nameof(path));
        }

        return trimmed;
    }
}
