using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>
/// One of the reference C compression libraries, loaded the first time a codec needs it. The assembly's
/// import resolver hands the loaded handle to the <c>[LibraryImport]</c> stubs, so nothing is loaded at
/// startup and a missing library fails with the Debian package to install rather than a DllNotFoundException.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private static readonly ConcurrentDictionary<string, NativeCodecLibrary> ByImportName = new(StringComparer.Ordinal);

    private readonly string[] _candidates;
    private readonly Lazy<(IntPtr Handle, Exception? Error)> _handle;

    static NativeCodecLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeCodecLibrary).Assembly, Resolve);
    }

    private NativeCodecLibrary(string importName, string debianPackage, string[] candidates)
    {
        ImportName = importName;
        DebianPackage = debianPackage;
        _candidates = candidates;
        _handle = new Lazy<(IntPtr, Exception?)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        ByImportName[importName] = this;
    }

    /// <summary>c-blosc 1.x.</summary>
    public static NativeCodecLibrary Blosc { get; } = new("blosc", "libblosc1", ["libblosc.so.1", "libblosc.so", "blosc"]);

    /// <summary>Zstandard.</summary>
    public static NativeCodecLibrary Zstd { get; } = new("zstd", "libzstd1", ["libzstd.so.1", "libzstd.so", "zstd"]);

    /// <summary>LZ4.</summary>
    public static NativeCodecLibrary Lz4 { get; } = new("lz4", "liblz4-1", ["liblz4.so.1", "liblz4.so", "lz4"]);

    /// <summary>bzip2.</summary>
    public static NativeCodecLibrary Bz2 { get; } = new("bz2", "libbz2-1.0", ["libbz2.so.1.0", "libbz2.so.1", "libbz2.so", "bz2"]);

    /// <summary>The name used in <c>[LibraryImport]</c>.</summary>
    public string ImportName { get; }

    /// <summary>The Debian package that provides the library.</summary>
    public string DebianPackage { get; }

    /// <summary>Loads the library if needed; throws a <see cref="ZarrNativeLibraryException"/> naming the package when it is missing.</summary>
    public void EnsureLoaded(string codec)
    {
        var (handle, error) = _handle.Value;
        if (handle == IntPtr.Zero)
        {
            throw new ZarrNativeLibraryException(_candidates[0], DebianPackage, codec, error);
        }
    }

    private (IntPtr, Exception?) Load()
    {
        Exception? last = null;
        foreach (var candidate in _candidates)
        {
            try
            {
                return (NativeLibrary.Load(candidate, typeof(NativeCodecLibrary).Assembly, null), null);
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
