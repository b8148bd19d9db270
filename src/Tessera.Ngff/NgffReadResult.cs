namespace Tessera.Ngff;

/// <summary>What reading an attributes document gave: the metadata (as much as could be read), its version and every problem found.</summary>
/// <param name="Metadata">The metadata; blocks that could not be read are null.</param>
/// <param name="Version">The version the document follows, or null when unknown.</param>
/// <param name="Problems">Errors and warnings, each with its JSON path.</param>
public sealed record NgffReadResult(NgffMetadata Metadata, NgffVersion? Version, IReadOnlyList<NgffProblem> Problems)
{
    /// <summary>True when no problem is an error.</summary>
    public bool IsValid => Problems.All(p => p.Severity != NgffSeverity.Error);
}
