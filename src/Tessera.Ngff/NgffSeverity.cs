namespace Tessera.Ngff;

/// <summary>How serious a validation problem is.</summary>
public enum NgffSeverity
{
    /// <summary>Breaks a MUST of the specification (or its schema).</summary>
    Error,

    /// <summary>Breaks a SHOULD (what the specification's strict schemas check, and its other recommendations); an error under strict validation.</summary>
    Warning,

    /// <summary>
    /// Worth knowing but never failing validation: inconsistencies the specification's own test cases declare valid
    /// for that version (a column-first well path in 0.4 and 0.6rc0, say), and plausibility checks of values.
    /// </summary>
    Note,
}
