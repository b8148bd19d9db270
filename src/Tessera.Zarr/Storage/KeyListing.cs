namespace Tessera.Zarr.Storage;

/// <summary>Builds one-level listings from a flat set of keys, for stores that hold their keys in memory.</summary>
internal static class KeyListing
{
    /// <summary>The keys directly under <paramref name="prefix"/> and its sub-prefix names, both sorted ordinally.</summary>
    public static StoreListing Directory(IEnumerable<string> keys, string prefix)
    {
        var names = new List<string>();
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0)
            {
                names.Add(rest);
            }
            else
            {
                prefixes.Add(rest[..slash]);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return new StoreListing(names, [.. prefixes.Order(StringComparer.Ordinal)]);
    }

    /// <summary>The keys of ordinally sorted <paramref name="sortedKeys"/> that start with <paramref name="prefix"/>.</summary>
    public static ArraySegment<string> Range(string[] sortedKeys, string prefix)
    {
        if (prefix.Length == 0)
        {
            return sortedKeys;
        }

        // Keys sharing a prefix are contiguous in ordinal order: find the first, then walk.
        var first = Array.BinarySearch(sortedKeys, prefix, StringComparer.Ordinal);
        if (first < 0)
        {
            first = ~first;
        }

        var last = first;
        while (last < sortedKeys.Length && sortedKeys[last].StartsWith(prefix, StringComparison.Ordinal))
        {
            last++;
        }

        return new ArraySegment<string>(sortedKeys, first, last - first);
    }
}
