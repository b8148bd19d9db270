namespace Tessera.Testing;

/// <summary>A theory that is reported skipped, with the reason, when the shared conformance data is absent.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (ConformanceData.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
