namespace Tessera.Ngff;

/// <summary>An operation needed valid OME-NGFF metadata and the hierarchy does not validate.</summary>
public sealed class NgffInvalidException : Exception
{
    /// <summary>Creates the exception from the validation report.</summary>
    public NgffInvalidException(string location, NgffValidationReport report)
        : base($"{location}: not valid OME-NGFF ({report.Errors.Count()} errors; first: {report.Errors.FirstOrDefault()})")
    {
        Report = report;
    }

    /// <summary>The report listing every problem.</summary>
    public NgffValidationReport Report { get; }
}
