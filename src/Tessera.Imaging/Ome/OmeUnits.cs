namespace Tessera.Imaging.Ome;

/// <summary>
/// OME unit symbols (the schema's UnitsLength and UnitsTime) as the UDUNITS-2 names OME-NGFF axes use.
/// </summary>
public static class OmeUnits
{
    /// <summary>The default unit of physical sizes.</summary>
    public const string Micrometer = "µm";

    /// <summary>The default unit of time increments.</summary>
    public const string Second = "s";

    /// <summary>The default unit of wavelengths.</summary>
    public const string Nanometer = "nm";

    /// <summary>The default unit of stage positions.</summary>
    public const string ReferenceFrame = "reference frame";

    // Only the units NGFF lists: decameter, thou, li, ua, ly, pt, pixel and reference frame have no NGFF name.
    private static readonly Dictionary<string, string> Space = new(StringComparer.Ordinal)
    {
        ["Ym"] = "yottameter", ["Zm"] = "zettameter", ["Em"] = "exameter", ["Pm"] = "petameter", ["Tm"] = "terameter",
        ["Gm"] = "gigameter", ["Mm"] = "megameter", ["km"] = "kilometer", ["hm"] = "hectometer", ["m"] = "meter",
        ["dm"] = "decimeter", ["cm"] = "centimeter", ["mm"] = "millimeter", ["µm"] = "micrometer", ["nm"] = "nanometer",
        ["pm"] = "picometer", ["fm"] = "femtometer", ["am"] = "attometer", ["zm"] = "zeptometer", ["ym"] = "yoctometer",
        ["Å"] = "angstrom", ["in"] = "inch", ["ft"] = "foot", ["yd"] = "yard", ["mi"] = "mile", ["pc"] = "parsec",

        // Spellings other writers use.
        ["um"] = "micrometer", ["micron"] = "micrometer", ["microns"] = "micrometer",
    };

    private static readonly Dictionary<string, string> Time = new(StringComparer.Ordinal)
    {
        ["Ys"] = "yottasecond", ["Zs"] = "zettasecond", ["Es"] = "exasecond", ["Ps"] = "petasecond", ["Ts"] = "terasecond",
        ["Gs"] = "gigasecond", ["Ms"] = "megasecond", ["ks"] = "kilosecond", ["hs"] = "hectosecond", ["s"] = "second",
        ["ds"] = "decisecond", ["cs"] = "centisecond", ["ms"] = "millisecond", ["µs"] = "microsecond", ["ns"] = "nanosecond",
        ["ps"] = "picosecond", ["fs"] = "femtosecond", ["as"] = "attosecond", ["zs"] = "zeptosecond", ["ys"] = "yoctosecond",
        ["min"] = "minute", ["h"] = "hour", ["d"] = "day",

        ["us"] = "microsecond", ["sec"] = "second",
    };

    /// <summary>
    /// The NGFF space unit for an OME length unit ("µm" → "micrometer", "Å" → "angstrom", "in" → "inch"), or null when
    /// NGFF has none ("pixel", "reference frame", "ly", …). NGFF names are returned as they are.
    /// </summary>
    public static string? ToNgffSpaceUnit(string omeUnit) => Lookup(Space, omeUnit);

    /// <summary>
    /// The NGFF time unit for an OME time unit ("s" → "second", "ms" → "millisecond", "min" → "minute", "h" → "hour"),
    /// or null when NGFF has none. NGFF names are returned as they are.
    /// </summary>
    public static string? ToNgffTimeUnit(string omeUnit) => Lookup(Time, omeUnit);

    private static string? Lookup(Dictionary<string, string> units, string omeUnit)
    {
        ArgumentNullException.ThrowIfNull(omeUnit);

        // Greek small mu (U+03BC) and the micro sign (U+00B5) look alike; the schema uses the micro sign, writers use both.
        // The ångström sign (U+212B) likewise stands in for Å (U+00C5).
        var unit = omeUnit.Trim().Replace('\u03BC', '\u00B5').Replace('\u212B', '\u00C5');
        if (units.TryGetValue(unit, out var name))
        {
            return name;
        }

        return units.ContainsValue(unit) ? unit : null;
    }
}
