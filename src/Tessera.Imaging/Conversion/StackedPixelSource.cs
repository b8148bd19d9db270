using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// An image assembled from one single-plane file per (t, c, z), as plate folders hold them. The first file is opened
/// at once to learn the size and type; the others when first read, each checked to match.
/// </summary>
public sealed class StackedPixelSource : PixelSource
{
    private readonly string[,,] _files;
    private readonly Func<string, PixelSource> _open;
    private readonly Lazy<PixelSource>[,,] _planes;
    private readonly PixelSource _first;

    /// <summary>Creates the source over <paramref name="files"/> [t, c, z], opened with <paramref name="open"/>.</summary>
    public StackedPixelSource(string name, string[,,] files, Func<string, PixelSource> open)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(open);
        Name = name;
        _files = files;
        _open = open;
        _planes = new Lazy<PixelSource>[files.GetLength(0), files.GetLength(1), files.GetLength(2)];
        for (var t = 0; t < files.GetLength(0); t++)
        {
            for (var c = 0; c < files.GetLength(1); c++)
            {
                for (var z = 0; z < files.GetLength(2); z++)
                {
                    var file = files[t, c, z];
                    _planes[t, c, z] = new Lazy<PixelSource>(() => OpenPlane(file), LazyThreadSafetyMode.ExecutionAndPublication);
                }
            }
        }

        _first = _open(files[0, 0, 0]);
        CheckSinglePlane(_first);
        _planes[0, 0, 0] = new Lazy<PixelSource>(_first);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override DataType DataType => _first.DataType;

    /// <inheritdoc/>
    public override int SizeT => _files.GetLength(0);

    /// <inheritdoc/>
    public override int SizeC => _files.GetLength(1);

    /// <inheritdoc/>
    public override int SizeZ => _files.GetLength(2);

    /// <inheritdoc/>
    public override long SizeY => _first.SizeY;

    /// <inheritdoc/>
    public override long SizeX => _first.SizeX;

    /// <inheritdoc/>
    public override (int Height, int Width) StorageBlock => _first.StorageBlock;

    /// <inheritdoc/>
    public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination) =>
        _planes[t, c, z].Value.ReadRegion(0, 0, 0, y, x, height, width, destination);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var plane in _planes)
            {
                if (plane.IsValueCreated)
                {
                    plane.Value.Dispose();
                }
            }
        }
    }

    private static void CheckSinglePlane(PixelSource source)
    {
        if (source.SizeC != 1 || source.SizeZ != 1 || source.SizeT != 1)
        {
            throw new ImageFormatException(source.Name, $"a plate folder needs one plane per file; this file holds {source.SizeC} channels × {source.SizeZ} z × {source.SizeT} t");
        }
    }

    private PixelSource OpenPlane(string file)
    {
        var source = _open(file);
        try
        {
            CheckSinglePlane(source);
            if (source.SizeY != SizeY || source.SizeX != SizeX || source.DataType != DataType)
            {
                throw new ImageFormatException(file, $"{source.SizeX} × {source.SizeY} {source.DataType}, but {_files[0, 0, 0]} in the same image is {SizeX} × {SizeY} {DataType}");
            }

            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
