using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tessera.Imaging.Native;

/// <summary>
/// One of the C image libraries from Debian, loaded the first time a decoder needs it. This assembly's import
/// resolver hands the loaded handle to the <c>[LibraryImport]</c> stubs, so nothing is loaded at startup and a
/// missing library fails with the Debian package to install rather than a bare DllNotFoundException.
/// </summary>
internal sealed class NativeImagingLibrary
{
    private static readonly ConcurrentDictionary<string, NativeImagingLibrary> ByImportName = new(StringComparer.Ordinal);

    private readonly string[] _candidates;
    private readonly Lazy<(IntPtr Handle, Exception? Error)> _handle;

    static NativeImagingLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeImagingLibrary).Assembly, Resolve);
    }

    private NativeImagingLibrary(string importName, string debianPackage, string[] candidates)
    {
        ImportName = importName;
        DebianPackage = debianPackage;
        _candidates = candidates;
        _handle = new Lazy<(IntPtr, Exception?)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        ByImportName[importName] = this;
    }

    /// <summary>libtiff 4.5 or later (TIFFOpenExt and per-handle error handlers).</summary>
    public static NativeImagingLibrary Tiff { get; } = new("tiff", "libtiff6", ["libtiff.so.6"]);

    /// <summary>libpng 1.6 (simplified API).</summary>
    public static NativeImagingLibrary Png { get; } = new("png16", "libpng16-16", ["libpng16.so.16"]);

    /// <summary>libjpeg-turbo's TurboJPEG API.</summary>
    public static NativeImagingLibrary TurboJpeg { get; } = new("turbojpeg", "libturbojpeg0", ["libturbojpeg.so.0"]);

    /// <summary>The C library, for vsnprintf (formatting libtiff's messages).</summary>
    public static NativeImagingLibrary LibC { get; } = new("c", "libc6", ["libc.so.6"]);

    /// <summary>The name used in <c>[LibraryImport]</c>.</summary>
    public string ImportName { get; }

    /// <summary>The Debian package that provides the library.</summary>
    public string DebianPackage { get; }

    /// <summary>Loads the library if needed; throws a <see cref="DllNotFoundException"/> naming the package when it is missing.</summary>
    public void EnsureLoaded()
    {
        var (handle, error) = _handle.Value;
        if (handle == IntPtr.Zero)
        {
            throw new DllNotFoundException($"{_candidates[0]} not found: install the Debian package {DebianPackage}", error);
        }
    }

    private (IntPtr, Exception?) Load()
    {
        Exception? last = null;
        foreach (var candidate in _candidates)
        {
            try
            {
                return (NativeLibrary.Load(candidate, typeof(NativeImagingLibrary).Assembly, null), null);
            }
            catch (DllNotFoundException e)
            {
                last = e;
            }
            catch (BadImageFormatException e)
            {
                last = e;
            }
        }

        return (IntPtr.Zero, last);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        ByImportName.TryGetValue(libraryName, out var library) ? library._handle.Value.Handle : IntPtr.Zero;
}
