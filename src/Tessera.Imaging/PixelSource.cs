using Tessera.Zarr.Metadata;

namespace Tessera.Imaging;

/// <summary>
/// The pixels of one image as planes indexed by (t, c, z), each <see cref="SizeY"/> × <see cref="SizeX"/>, read by
/// region so that a converter never needs a whole plane in memory. Implementations are safe to read from several
/// threads at once.
/// </summary>
public abstract class PixelSource : IDisposable
{
    /// <summary>What the pixels come from (a file path or name), used in messages.</summary>
    public abstract string Name { get; }

    /// <summary>The element type of every plane.</summary>
    public abstract DataType DataType { get; }

    /// <summary>Number of time points.</summary>
    public abstract int SizeT { get; }

    /// <summary>Number of channels (samples of an RGB file count as channels).</summary>
    public abstract int SizeC { get; }

    /// <summary>Number of focal planes.</summary>
    public abstract int SizeZ { get; }

    /// <summary>Plane height in pixels.</summary>
    public abstract long SizeY { get; }

    /// <summary>Plane width in pixels.</summary>
    public abstract long SizeX { get; }

    /// <summary>
    /// The block the file stores pixels in (a tile, or a strip spanning the width): reads aligned to it decode
    /// each stored block once.
    /// </summary>
    public virtual (int Height, int Width) StorageBlock => ((int)Math.Min(SizeY, 1024), (int)Math.Min(SizeX, 1024));

    /// <summary>
    /// Reads rows [<paramref name="y"/>, y + <paramref name="height"/>) and columns [<paramref name="x"/>, x +
    /// <paramref name="width"/>) of plane (<paramref name="t"/>, <paramref name="c"/>, <paramref name="z"/>) into
    /// <paramref name="destination"/>: C order, machine byte order, exactly height × width elements.
    /// </summary>
    /// <exception cref="ImageFormatException">The file cannot be decoded there.</exception>
    public abstract void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination);

    /// <summary>Releases the file handles.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file handles when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
