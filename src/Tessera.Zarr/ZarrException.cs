namespace Tessera.Zarr;

/// <summary>
/// Root of the exceptions Tessera.Zarr throws for problems with stored data or metadata
/// (as opposed to caller mistakes, which use the built-in argument exceptions).
/// </summary>
public class ZarrException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public ZarrException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public ZarrException(string message, Exception? innerException) : base(message, innerException) { }
}
