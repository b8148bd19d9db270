using Tessera.Zarr.Native;

namespace Tessera.Imaging.Native;

/// <summary>
/// The C image libraries from Debian, each loaded the first time a decoder needs it (<see cref="DebianLibrary"/>);
/// a missing one fails with a DllNotFoundException naming the package to install.
/// </summary>
internal sealed class NativeImagingLibrary
{
    private readonly DebianLibrary _library;

    private NativeImagingLibrary(string importName, string debianPackage, string[] candidates) =>
        _library = new DebianLibrary(typeof(NativeImagingLibrary).Assembly, importName, debianPackage, candidates);

    /// <summary>libtiff 4.5 or later (TIFFOpenExt and per-handle error handlers).</summary>
    public static NativeImagingLibrary Tiff { get; } = new("tiff", "libtiff6", ["libtiff.so.6"]);

    /// <summary>libpng 1.6 (simplified API).</summary>
    public static NativeImagingLibrary Png { get; } = new("png16", "libpng16-16", ["libpng16.so.16"]);

    /// <summary>libjpeg-turbo's TurboJPEG API.</summary>
    public static NativeImagingLibrary TurboJpeg { get; } = new("turbojpeg", "libturbojpeg0", ["libturbojpeg.so.0"]);

    /// <summary>The C library, for vsnprintf (formatting libtiff's messages).</summary>
    public static NativeImagingLibrary LibC { get; } = new("c", "libc6", ["libc.so.6"]);

    /// <summary>Loads the library if needed; throws a <see cref="DllNotFoundException"/> naming the package when it is missing.</summary>
    public void EnsureLoaded()
    {
        if (_library.LoadError() is { } error)
        {
            throw new DllNotFoundException($"{_library.FileName} not found: install the Debian package {_library.DebianPackage}", error);
        }
    }
}
