namespace Tessera.Zarr;

/// <summary>A codec's native library could not be loaded; the message names the Debian package to install.</summary>
public sealed class ZarrNativeLibraryException : ZarrException
{
    /// <summary>Creates the exception.</summary>
    public ZarrNativeLibraryException(string library, string debianPackage, string codec, Exception? innerException = null)
        : base($"codec '{codec}' needs the native library {library}, which could not be loaded: install the Debian package {debianPackage} (apt-get install {debianPackage})", innerException)
    {
        Library = library;
        DebianPackage = debianPackage;
    }

    /// <summary>The shared library file name, e.g. <c>libblosc.so.1</c>.</summary>
    public string Library { get; }

    /// <summary>The Debian package that provides it.</summary>
    public string DebianPackage { get; }
}
