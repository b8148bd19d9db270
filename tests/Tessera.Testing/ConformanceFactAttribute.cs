namespace Tessera.Testing;

/// <summary>A fact that is reported skipped, with the reason, when the shared conformance data is absent.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (ConformanceData.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
