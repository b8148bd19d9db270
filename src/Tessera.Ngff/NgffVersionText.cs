namespace Tessera.Ngff;

/// <summary>The textual form of <see cref="NgffVersion"/> as written in metadata ("0.4", "0.5", "0.6rc0").</summary>
public static class NgffVersionText
{
    /// <summary>The newest version Tessera writes by default.</summary>
    public const NgffVersion Latest = NgffVersion.V0_5;

    /// <summary>The version string as it appears in metadata.</summary>
    public static string ToText(this NgffVersion version) => version switch
    {
        NgffVersion.V0_1 => "0.1",
        NgffVersion.V0_2 => "0.2",
        NgffVersion.V0_3 => "0.3",
        NgffVersion.V0_4 => "0.4",
        NgffVersion.V0_5 => "0.5",
        NgffVersion.V0_6 => "0.6rc0",
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>Parses a version string; "0.6", "0.6rc0" and "0.6-dev…" all read as 0.6rc0.</summary>
    public static bool TryParse(string? text, out NgffVersion version)
    {
        version = text switch
        {
            "0.1" => NgffVersion.V0_1,
            "0.2" => NgffVersion.V0_2,
            "0.3" => NgffVersion.V0_3,
            "0.4" => NgffVersion.V0_4,
            "0.5" => NgffVersion.V0_5,
            _ when text is not null && text.StartsWith("0.6", StringComparison.Ordinal) => NgffVersion.V0_6,
            _ => (NgffVersion)(-1),
        };
        return version >= 0;
    }

    /// <summary>True for versions whose metadata lives under <c>attributes.ome</c> in Zarr v3.</summary>
    public static bool UsesOmeNamespace(this NgffVersion version) => version >= NgffVersion.V0_5;
}
