namespace Tessera.Catalog;

/// <summary>The names of <see cref="GroupPermissions"/> as stored and typed: private, read-only, read-annotate, read-write.</summary>
public static class GroupPermissionsText
{
    /// <summary>The stored name of a level.</summary>
    public static string Format(GroupPermissions permissions) => permissions switch
    {
        GroupPermissions.Private => "private",
        GroupPermissions.ReadOnly => "read-only",
        GroupPermissions.ReadAnnotate => "read-annotate",
        GroupPermissions.ReadWrite => "read-write",
        _ => throw new ArgumentOutOfRangeException(nameof(permissions)),
    };

    /// <summary>Parses a stored or typed name (also OMERO's <c>rw----</c> forms).</summary>
    /// <exception cref="FormatException">The text names no level.</exception>
    public static GroupPermissions Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "private" or "rw----" => GroupPermissions.Private,
        "read-only" or "rwr---" => GroupPermissions.ReadOnly,
        "read-annotate" or "rwra--" => GroupPermissions.ReadAnnotate,
        "read-write" or "rwrw--" => GroupPermissions.ReadWrite,
        _ => throw new FormatException($"'{text}' is not a group permission level (private, read-only, read-annotate, read-write)"),
    };
}
