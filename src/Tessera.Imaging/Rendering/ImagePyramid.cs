using System.Buffers;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Rendering;

/// <summary>
/// An OME-Zarr image opened for rendering: its size in t, c, z, y and x (any subset of the axes with y and x,
/// in any OME-NGFF version Tessera.Ngff reads), its resolution levels, physical pixel sizes and <c>omero</c>
/// block, and reads of 2-D plane regions as <see cref="float"/> samples. Safe to read from several threads.
/// </summary>
public sealed class ImagePyramid
{
    private const int DefaultTileSide = 256;

    private readonly ZarrArray[] _arrays;
    private readonly int _tAxis;
    private readonly int _cAxis;
    private readonly int _zAxis;
    private readonly int _yAxis;
    private readonly int _xAxis;

    private ImagePyramid(string name, NgffNode node, Multiscale multiscale, ZarrArray[] arrays, int tAxis, int cAxis, int zAxis, int yAxis, int xAxis)
    {
        Name = name;
        Store = node.Store;
        Path = node.Path;
        Multiscale = multiscale;
        Omero = node.Metadata.Omero;
        _arrays = arrays;
        (_tAxis, _cAxis, _zAxis, _yAxis, _xAxis) = (tAxis, cAxis, zAxis, yAxis, xAxis);
        var shape = arrays[0].Shape;
        SizeT = tAxis < 0 ? 1 : (int)shape[tAxis];
        SizeC = cAxis < 0 ? 1 : (int)shape[cAxis];
        SizeZ = zAxis < 0 ? 1 : (int)shape[zAxis];
        DataType = arrays[0].DataType;
        var levels = new PyramidLevel[arrays.Length];
        for (var i = 0; i < arrays.Length; i++)
        {
            var s = arrays[i].Shape;
            var chunk = arrays[i].Metadata.InnerChunkShape;
            levels[i] = new PyramidLevel(i, multiscale.Datasets[i].Path, (int)s[xAxis], (int)s[yAxis], zAxis < 0 ? 1 : (int)s[zAxis], chunk[xAxis], chunk[yAxis]);
        }

        Levels = levels;
        (PhysicalSizeX, PhysicalSizeXUnit) = Physical(xAxis);
        (PhysicalSizeY, PhysicalSizeYUnit) = Physical(yAxis);
        (PhysicalSizeZ, PhysicalSizeZUnit) = zAxis < 0 ? (null, null) : Physical(zAxis);

        // OMERO.web advertises one tile size per image: the full-resolution chunk when it is a sensible tile.
        var first = levels[0];
        (TileWidth, TileHeight) = first.ChunkWidth is >= 64 and <= 1024 && first.ChunkHeight is >= 64 and <= 1024
            ? (first.ChunkWidth, first.ChunkHeight)
            : (DefaultTileSide, DefaultTileSide);
    }

    /// <summary>The image for messages: the store's location and the image path.</summary>
    public string Name { get; }

    /// <summary>The store holding the image.</summary>
    public IStore Store { get; }

    /// <summary>The image group's path in the store.</summary>
    public string Path { get; }

    /// <summary>The multiscale metadata the pyramid was opened from.</summary>
    public Multiscale Multiscale { get; }

    /// <summary>The <c>omero</c> block (channel colours, windows, labels), or null.</summary>
    public OmeroMetadata? Omero { get; }

    /// <summary>Width in pixels at full resolution.</summary>
    public int SizeX => Levels[0].SizeX;

    /// <summary>Height in pixels at full resolution.</summary>
    public int SizeY => Levels[0].SizeY;

    /// <summary>Number of z planes at full resolution (1 without a z axis).</summary>
    public int SizeZ { get; }

    /// <summary>Number of channels (1 without a channel axis).</summary>
    public int SizeC { get; }

    /// <summary>Number of time points (1 without a time axis).</summary>
    public int SizeT { get; }

    /// <summary>The sample type, the same at every level.</summary>
    public DataType DataType { get; }

    /// <summary>The resolution levels, full resolution first.</summary>
    public IReadOnlyList<PyramidLevel> Levels { get; }

    /// <summary>Number of resolution levels.</summary>
    public int LevelCount => Levels.Count;

    /// <summary>The default tile width for <see cref="TileAddress"/>: the full-resolution chunk width when 64–1024, else 256.</summary>
    public int TileWidth { get; }

    /// <summary>The default tile height for <see cref="TileAddress"/>: the full-resolution chunk height when 64–1024, else 256.</summary>
    public int TileHeight { get; }

    /// <summary>The full-resolution pixel width in <see cref="PhysicalSizeXUnit"/>, when the metadata scales x.</summary>
    public double? PhysicalSizeX { get; }

    /// <summary>The unit of <see cref="PhysicalSizeX"/> ("micrometer", …), or null.</summary>
    public string? PhysicalSizeXUnit { get; }

    /// <summary>The full-resolution pixel height in <see cref="PhysicalSizeYUnit"/>, when the metadata scales y.</summary>
    public double? PhysicalSizeY { get; }

    /// <summary>The unit of <see cref="PhysicalSizeY"/>, or null.</summary>
    public string? PhysicalSizeYUnit { get; }

    /// <summary>The z spacing in <see cref="PhysicalSizeZUnit"/>, when there is a z axis and the metadata scales it.</summary>
    public double? PhysicalSizeZ { get; }

    /// <summary>The unit of <see cref="PhysicalSizeZ"/>, or null.</summary>
    public string? PhysicalSizeZUnit { get; }

    /// <summary>Opens the image group at <paramref name="path"/> and every array of its first multiscale.</summary>
    /// <exception cref="ZarrNodeNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    /// <exception cref="ImageFormatException">
    /// The group is not an image, or its axes, levels or data type are not ones Tessera renders; the message names
    /// the image and the problem.
    /// </exception>
    public static async ValueTask<ImagePyramid> OpenAsync(IStore store, string path = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var node = await NgffNode.OpenAsync(store, path, cancellationToken).ConfigureAwait(false);
        var name = node.Path.Length == 0 ? store.Location : store.Location.TrimEnd('/') + "/" + node.Path;
        if (node.Metadata.Multiscale is not { } multiscale)
        {
            var reason = node.Problems.FirstOrDefault(p => p.Severity == NgffSeverity.Error) is { } problem ? $" ({problem.Path}: {problem.Message})" : "";
            throw new ImageFormatException(name, $"is not a multiscale image (it is {node.Kind}){reason}");
        }

        if (multiscale.Datasets.Count == 0)
        {
            throw new ImageFormatException(name, "has no resolution levels");
        }

        var (t, c, z, y, x) = FindAxes(name, multiscale.Axes);
        var arrays = new ZarrArray[multiscale.Datasets.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            var levelPath = multiscale.Datasets[i].Path;
            try
            {
                arrays[i] = await ZarrArray.OpenAsync(store, StoreKey.Join(node.Path, levelPath), null, cancellationToken).ConfigureAwait(false);
            }
            catch (ZarrException e)
            {
                throw new ImageFormatException(name, $"level {i} ('{levelPath}') cannot be opened: {e.Message}", e);
            }

            CheckLevel(name, i, levelPath, arrays[i], arrays[0], multiscale.Axes, (t, c, x, y));
        }

        return new ImagePyramid(name, node, multiscale, arrays, t, c, z, y, x);
    }

    /// <summary>Settings from the <c>omero</c> block, or defaults (see <see cref="RenderingSettings.FromOmero"/>).</summary>
    public RenderingSettings CreateDefaultSettings() => RenderingSettings.FromOmero(Omero, SizeC, DataType);

    /// <summary>
    /// The smallest level (fewest pixels) at least <paramref name="width"/> × <paramref name="height"/>, so that
    /// shrinking it to that size loses nothing; level 0 when none is that large.
    /// </summary>
    public int LevelForSize(int width, int height)
    {
        var best = 0;
        for (var i = 1; i < Levels.Count; i++)
        {
            var level = Levels[i];
            if (level.SizeX >= width && level.SizeY >= height && (long)level.SizeX * level.SizeY < (long)Levels[best].SizeX * Levels[best].SizeY)
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Reads columns [<paramref name="x"/>, x + <paramref name="width"/>) and rows [<paramref name="y"/>, y +
    /// <paramref name="height"/>) at <paramref name="level"/> of plane <paramref name="z"/> (a full-resolution
    /// index, mapped onto levels that downsample z), time <paramref name="t"/> and channel <paramref name="c"/>,
    /// all 0-based, as <see cref="float"/> samples in row order.
    /// </summary>
    /// <exception cref="RenderingParameterException">The level, plane, channel, time point or rectangle is not in the image.</exception>
    public async ValueTask<float[]> ReadPlaneAsync(int level, int z, int t, int c, int x, int y, int width, int height, CancellationToken cancellationToken = default)
    {
        CheckPlane(level, c, z, t);
        CheckRectangle("region", level, x, y, width, height);
        var result = new float[(long)width * height];
        await ReadChannelsAsync(level, c, 1, LevelZ(level, z), t, x, y, width, height, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>As <see cref="ReadPlaneAsync(int, int, int, int, int, int, int, int, CancellationToken)"/>, into <paramref name="destination"/> (exactly width × height samples).</summary>
    public async ValueTask ReadPlaneAsync(int level, int z, int t, int c, int x, int y, int width, int height, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        CheckPlane(level, c, z, t);
        CheckRectangle("region", level, x, y, width, height);
        if (destination.Length != (long)width * height)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples; {width} × {height} need {(long)width * height}", nameof(destination));
        }

        await ReadChannelsAsync(level, c, 1, LevelZ(level, z), t, x, y, width, height, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="ReadPlaneAsync(int, int, int, int, int, int, int, int, CancellationToken)"/>, in the stored type <typeparamref name="T"/> (which must match <see cref="DataType"/>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the image's sample type.</exception>
    public ValueTask<T[]> ReadRawPlaneAsync<T>(int level, int z, int t, int c, int x, int y, int width, int height, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        CheckPlane(level, c, z, t);
        CheckRectangle("region", level, x, y, width, height);
        if (!DataType.IsCompatibleWith<T>())
        {
            throw new ArgumentException($"{Name} holds {DataType} samples, not {typeof(T).Name}", nameof(T));
        }

        return _arrays[level].ReadAsync<T>(Region(level, c, 1, LevelZ(level, z), t, x, y, width, height), cancellationToken);
    }

    /// <summary>The plane of <paramref name="level"/> that holds full-resolution plane <paramref name="z"/>.</summary>
    internal int LevelZ(int level, int z) =>
        Levels[level].SizeZ == SizeZ ? z : (int)Math.Min(Levels[level].SizeZ - 1, (long)z * Levels[level].SizeZ / SizeZ);

    /// <summary>Checks a level, full-resolution plane, channel and time point, naming the parameter at fault.</summary>
    internal void CheckPlane(int level, int c, int z, int t)
    {
        CheckLevel(level);
        Check("c", c, SizeC, SizeC == 1 ? "channel (numbered from 0)" : "channels (numbered from 0)");
        Check("z", z, SizeZ, SizeZ == 1 ? "plane" : "planes");
        Check("t", t, SizeT, SizeT == 1 ? "time point" : "time points");
    }

    internal void CheckLevel(int level)
    {
        if (level < 0 || level >= Levels.Count)
        {
            throw new RenderingParameterException("level", $"{level} does not exist (the image has {Levels.Count} level{(Levels.Count == 1 ? "" : "s")}, 0 the full resolution)");
        }
    }

    /// <summary>Checks that a rectangle is non-empty and wholly inside <paramref name="level"/>.</summary>
    internal void CheckRectangle(string parameter, int level, int x, int y, int width, int height)
    {
        var l = Levels[level];
        if (width <= 0 || height <= 0)
        {
            throw new RenderingParameterException(parameter, $"{width} × {height} pixels is empty");
        }

        if (x < 0 || y < 0 || (long)x + width > l.SizeX || (long)y + height > l.SizeY)
        {
            throw new RenderingParameterException(parameter, $"{width} × {height} pixels at ({x}, {y}) is not inside level {level}'s {l.SizeX} × {l.SizeY}");
        }

        if ((long)width * height * DataType.Size > Array.MaxLength)
        {
            throw new RenderingParameterException(parameter, $"{width} × {height} pixels of {DataType} are more than one array holds; read them in parts");
        }
    }

    /// <summary>
    /// Reads <paramref name="channelCount"/> consecutive channels from <paramref name="firstChannel"/> at level plane
    /// <paramref name="levelZ"/> into <paramref name="destination"/>, one width × height plane after another.
    /// Arguments are trusted (checked by the caller).
    /// </summary>
    internal async ValueTask ReadChannelsAsync(int level, int firstChannel, int channelCount, int levelZ, int t, int x, int y, int width, int height, Memory<float> destination, CancellationToken cancellationToken)
    {
        var samples = channelCount * width * height;
        var byteCount = checked(samples * DataType.Size);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var region = Region(level, firstChannel, channelCount, levelZ, t, x, y, width, height);
            await _arrays[level].ReadBytesAsync(region, bytes.AsMemory(0, byteCount), cancellationToken).ConfigureAwait(false);
            PixelConversion.ToSingle(DataType, bytes.AsSpan(0, byteCount), destination.Span[..samples]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Check(string parameter, int value, int size, string what)
    {
        if (value < 0)
        {
            throw new RenderingParameterException(parameter, $"{value} is negative");
        }

        if (value >= size)
        {
            throw new RenderingParameterException(parameter, $"{value} is beyond the image's {size} {what}");
        }
    }

    private ArrayRegion Region(int level, int firstChannel, int channelCount, int levelZ, int t, int x, int y, int width, int height)
    {
        var rank = _arrays[level].Rank;
        var start = new long[rank];
        var shape = new long[rank];
        Array.Fill(shape, 1L);
        if (_tAxis >= 0)
        {
            start[_tAxis] = t;
        }

        if (_cAxis >= 0)
        {
            (start[_cAxis], shape[_cAxis]) = (firstChannel, channelCount);
        }

        if (_zAxis >= 0)
        {
            start[_zAxis] = levelZ;
        }

        (start[_yAxis], shape[_yAxis]) = (y, height);
        (start[_xAxis], shape[_xAxis]) = (x, width);
        return new ArrayRegion(start, shape);
    }

    private (double? Size, string? Unit) Physical(int axis)
    {
        var size = Multiscale.Datasets[0].Scale is { } scale && axis < scale.Count ? scale[axis] : (double?)null;
        foreach (var global in Multiscale.Transformations)
        {
            if (global is ScaleTransformation s && axis < s.Scale.Count)
            {
                size = (size ?? 1) * s.Scale[axis];
            }
        }

        return (size, Multiscale.Axes[axis].Unit);
    }

    /// <summary>Finds the t, c, z, y and x axes: by type, untyped axes by their name; the last two space axes are y and x.</summary>
    private static (int T, int C, int Z, int Y, int X) FindAxes(string name, IReadOnlyList<Axis> axes)
    {
        int t = -1, c = -1;
        var space = new List<int>();
        for (var i = 0; i < axes.Count; i++)
        {
            var kind = axes[i].Type ?? axes[i].Name switch
            {
                "t" => Axis.Time,
                "c" => Axis.Channel,
                "z" or "y" or "x" => Axis.Space,
                _ => null,
            };
            switch (kind)
            {
                case Axis.Time when t < 0:
                    t = i;
                    break;
                case Axis.Channel when c < 0:
                    c = i;
                    break;
                case Axis.Space:
                    space.Add(i);
                    break;
                case Axis.Time or Axis.Channel:
                    throw new ImageFormatException(name, $"has two {kind} axes ('{axes[kind == Axis.Time ? t : c].Name}' and '{axes[i].Name}')");
            }
        }

        if (space.Count is < 2 or > 3)
        {
            throw new ImageFormatException(name, $"has {space.Count} space axes; rendering needs y and x, optionally z");
        }

        var (y, x) = (space[^2], space[^1]);
        if (c > y)
        {
            throw new ImageFormatException(name, $"its channel axis '{axes[c].Name}' comes after the space axes");
        }

        return (t, c, space.Count == 3 ? space[0] : -1, y, x);
    }

    private static void CheckLevel(string name, int index, string path, ZarrArray array, ZarrArray first, IReadOnlyList<Axis> axes, (int T, int C, int X, int Y) known)
    {
        var where = $"level {index} ('{path}')";
        if (array.Rank != axes.Count)
        {
            throw new ImageFormatException(name, $"{where} has {array.Rank} dimensions, the image {axes.Count} axes ({string.Join("", axes.Select(a => a.Name))})");
        }

        if (!PixelConversion.IsSupported(array.DataType))
        {
            throw new ImageFormatException(name, $"{where} holds {array.DataType} samples; rendering reads uint8, uint16, uint32, int8, int16, int32, float32 and float64");
        }

        if (!array.DataType.Equals(first.DataType))
        {
            throw new ImageFormatException(name, $"{where} holds {array.DataType} samples, level 0 {first.DataType}");
        }

        for (var d = 0; d < axes.Count; d++)
        {
            var size = array.Shape[d];
            if (size == 0 || size > int.MaxValue)
            {
                throw new ImageFormatException(name, $"{where} has {size} along '{axes[d].Name}'");
            }

            if ((d == known.T || d == known.C) && size != first.Shape[d])
            {
                throw new ImageFormatException(name, $"{where} has {size} along '{axes[d].Name}', level 0 {first.Shape[d]}");
            }

            if (d != known.T && d != known.C && d != known.X && d != known.Y && axes[d].Type is not Axis.Space && size != 1)
            {
                throw new ImageFormatException(name, $"axis '{axes[d].Name}' ({axes[d].Type ?? "untyped"}) has {size} entries; rendering reads t, c, z, y and x only");
            }
        }
    }
}
