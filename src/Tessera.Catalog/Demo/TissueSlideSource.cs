using Tessera.Imaging;
using Tessera.Zarr.Metadata;

namespace Tessera.Catalog.Demo;

/// <summary>
/// A brightfield slide of stained tissue (H&amp;E-like RGB, uint8), generated per region on demand: never held whole,
/// so its size is only bounded by the time to write it. The tissue's outline and holes come from smooth noise
/// sampled on a coarse map (one value per <see cref="MapStep"/> pixels, interpolated); nuclei sit one per cell of a
/// fixed grid, placed and sized by a hash of the cell. Every pixel is a pure function of its position and the seed.
/// </summary>
internal sealed class TissueSlideSource : PixelSource
{
    /// <summary>Channel names and colours, in channel order.</summary>
    public static readonly (string Name, string Color)[] Channels = [("Red", "FF0000"), ("Green", "00FF00"), ("Blue", "0000FF")];

    private const int MapStep = 16;
    private const int CellGrid = 28;
    private static readonly byte[] Background = [245, 243, 247];
    private static readonly byte[] Stroma = [230, 148, 190];
    private static readonly byte[] Hematoxylin = [78, 52, 140];

    private readonly int _seed;
    private readonly int _mapSize;
    private readonly float[] _tissue;
    private readonly float[] _lumen;

    public TissueSlideSource(string name, int size, int seed)
    {
        Name = name;
        SizeY = SizeX = size;
        _seed = seed;
        _mapSize = size / MapStep + 2;
        _tissue = new float[_mapSize * _mapSize];
        _lumen = new float[_mapSize * _mapSize];
        var centre = _mapSize / 2.0;
        Parallel.For(0, _mapSize, my =>
        {
            for (var mx = 0; mx < _mapSize; mx++)
            {
                // A blob of tissue in the middle of the slide with a ragged outline, and empty glass around it.
                var r = Math.Sqrt((my - centre) * (my - centre) + (mx - centre) * (mx - centre)) / centre;
                var outline = 0.55 * Smooth(my, mx, _mapSize / 4.0, seed) + 0.3 * Smooth(my, mx, _mapSize / 11.0, seed + 1) + 0.15 * Smooth(my, mx, _mapSize / 29.0, seed + 2);
                _tissue[my * _mapSize + mx] = (float)(outline * (1.25 - 0.9 * Math.Pow(r, 4)));
                _lumen[my * _mapSize + mx] = (float)Smooth(my, mx, Math.Max(2, _mapSize / 48.0), seed + 3);
            }
        });
    }

    public override string Name { get; }

    public override DataType DataType => DataType.UInt8;

    public override int SizeT => 1;

    public override int SizeC => Channels.Length;

    public override int SizeZ => 1;

    public override long SizeY { get; }

    public override long SizeX { get; }

    public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination)
    {
        var (background, stroma, nucleus) = (Background[c], Stroma[c], Hematoxylin[c]);
        for (var row = 0; row < height; row++)
        {
            var py = y + row;
            var (my, wy) = ((int)(py / MapStep), (float)(py % MapStep) / MapStep);
            var cellY = py / CellGrid;
            var inCellY = (int)(py % CellGrid);
            var target = destination.Slice(row * width, width);
            for (var column = 0; column < width; column++)
            {
                var px = x + column;
                var (mx, wx) = ((int)(px / MapStep), (float)(px % MapStep) / MapStep);
                var tissue = Bilinear(_tissue, my, mx, wy, wx);
                var lumen = Bilinear(_lumen, my, mx, wy, wx);
                var alpha = Math.Clamp((tissue - 0.45f) * 20, 0, 1) * (1 - Math.Clamp((lumen - 0.74f) * 25, 0, 1));
                if (alpha <= 0)
                {
                    // Bare glass is flat: most of a slide's tiles compress to almost nothing, as in real scans.
                    target[column] = background;
                    continue;
                }

                var noise = (int)(DemoHash.Of(py, px, _seed + c) & 7) - 3;

                // Denser tissue stains darker; nuclei are more frequent there.
                float colour = stroma - (tissue - 0.45f) * 60 * (c == 0 ? 0.4f : 1f);
                var cell = DemoHash.Of(cellY, px / CellGrid, _seed);
                if ((cell & 0xFF) < (tissue - 0.38f) * 700)
                {
                    var oy = inCellY - (9 + (int)(cell >> 8) % 10);
                    var ox = (int)(px % CellGrid) - (9 + (int)(cell >> 12) % 10);
                    var radius = 5 + (int)(cell >> 16) % 5;
                    if (oy * oy * ((cell >> 20 & 1) + 1) + ox * ox * ((cell >> 21 & 1) + 1) < radius * radius)
                    {
                        colour = nucleus + (int)(DemoHash.Of(py >> 1, px >> 1, _seed + 9) & 15);
                    }
                }

                target[column] = (byte)Math.Clamp(background + (colour - background) * alpha + noise, 0, 255);
            }
        }
    }

    private float Bilinear(float[] map, int my, int mx, float wy, float wx)
    {
        var i = my * _mapSize + mx;
        var top = map[i] + (map[i + 1] - map[i]) * wx;
        var bottom = map[i + _mapSize] + (map[i + _mapSize + 1] - map[i + _mapSize]) * wx;
        return top + (bottom - top) * wy;
    }

    /// <summary>Value noise in [0, 1): hashed values on a lattice of <paramref name="scale"/> map cells, smoothly interpolated.</summary>
    private static double Smooth(int my, int mx, double scale, int seed)
    {
        var (fy, fx) = (my / scale, mx / scale);
        var (iy, ix) = ((long)Math.Floor(fy), (long)Math.Floor(fx));
        var (ty, tx) = (Fade(fy - iy), Fade(fx - ix));
        var top = Lerp(DemoHash.Unit(iy, ix, seed), DemoHash.Unit(iy, ix + 1, seed), tx);
        var bottom = Lerp(DemoHash.Unit(iy + 1, ix, seed), DemoHash.Unit(iy + 1, ix + 1, seed), tx);
        return Lerp(top, bottom, ty);
    }

    private static double Fade(double t) => t * t * (3 - 2 * t);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
