namespace Tessera.Zarr.Native;

/// <summary>
/// The reference C compression libraries, each loaded the first time a codec needs it (<see cref="DebianLibrary"/>);
/// a missing one fails with a <see cref="ZarrNativeLibraryException"/> naming the codec and the package to install.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private readonly DebianLibrary _library;

    private NativeCodecLibrary(string importName, string debianPackage, string[] candidates) =>
        _library = new DebianLibrary(typeof(NativeCodecLibrary).Assembly, importName, debianPackage, candidates);

    /// <summary>c-blosc 1.x.</summary>
    public static NativeCodecLibrary Blosc { get; } = new("blosc", "libblosc1", ["libblosc.so.1", "libblosc.so", "blosc"]);

    /// <summary>Zstandard.</summary>
    public static NativeCodecLibrary Zstd { get; } = new("zstd", "libzstd1", ["libzstd.so.1", "libzstd.so", "zstd"]);

    /// <summary>LZ4.</summary>
    public static NativeCodecLibrary Lz4 { get; } = new("lz4", "liblz4-1", ["liblz4.so.1", "liblz4.so", "lz4"]);

    /// <summary>bzip2.</summary>
    public static NativeCodecLibrary Bz2 { get; } = new("bz2", "libbz2-1.0", ["libbz2.so.1.0", "libbz2.so.1", "libbz2.so", "bz2"]);

    /// <summary>Loads the library if needed; throws a <see cref="ZarrNativeLibraryException"/> naming the package when it is missing.</summary>
    public void EnsureLoaded(string codec)
    {
        if (_library.LoadError() is { } error)
        {
            throw new ZarrNativeLibraryException(_library.FileName, _library.DebianPackage, codec, error);
        }
    }
}
