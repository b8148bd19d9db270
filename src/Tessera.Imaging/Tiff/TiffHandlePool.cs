using System.Collections.Concurrent;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// libtiff handles on one file, one per concurrent reader: a reader takes a handle, reads, and gives it back. Pixel
/// sources over the same file (an OME-TIFF's planes and pyramid levels) can share one pool.
/// </summary>
internal sealed class TiffHandlePool : IDisposable
{
    private readonly ConcurrentBag<TiffFile> _idle = [];
    private readonly TiffFile _first;
    private volatile bool _disposed;

    /// <summary>Takes ownership of <paramref name="first"/>, whose directories every later handle reuses.</summary>
    public TiffHandlePool(TiffFile first)
    {
        _first = first;
        _idle.Add(first);
    }

    /// <summary>The file's path.</summary>
    public string Path => _first.Path;

    /// <summary>The file's main IFD chain, with SubIFDs.</summary>
    public IReadOnlyList<TiffDirectory> Directories => _first.Directories;

    /// <summary>Reads a region through an idle handle (opening one if all are busy).</summary>
    public void ReadRegion(TiffDirectory directory, int sample, long y, long x, int height, int width, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var file = _idle.TryTake(out var idle) ? idle : TiffFile.OpenAnother(_first);
        try
        {
            file.ReadRegion(directory, sample, y, x, height, width, destination);
        }
        catch (ImageFormatException)
        {
            // After a decoding error libtiff's state for the handle is not to be trusted: it is not reused.
            file.Dispose();
            throw;
        }

        if (_disposed)
        {
            file.Dispose();
        }
        else
        {
            _idle.Add(file);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var file))
        {
            file.Dispose();
        }
    }
}
