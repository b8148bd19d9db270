namespace Tessera.Catalog;

/// <summary>The catalogue cannot be opened or migrated, or a request against it is invalid; the message says which and why.</summary>
public class CatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
