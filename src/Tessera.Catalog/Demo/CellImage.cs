using Tessera.Zarr.Metadata;

namespace Tessera.Catalog.Demo;

/// <summary>
/// A synthetic fluorescence image of cells, drawn whole in memory: three 12-bit channels (DNA, tubulin, actin) over
/// z planes, the nuclei's label image and the nuclei themselves (for ROIs). Plate fields are one plane; the 3-D
/// stack is many.
/// </summary>
internal sealed class CellImage
{
    /// <summary>Channel names and colours, in channel order.</summary>
    public static readonly (string Name, string Color)[] Channels = [("DNA", "0000FF"), ("Tubulin", "00FF00"), ("Actin", "FF0000")];

    private const double NucleusEdge = 1.15;
    private const double CellEdge = 2.4;

    private CellImage(int sizeZ, int size, ushort[][] planes, byte[][] labels, IReadOnlyList<Nucleus> nuclei)
    {
        SizeZ = sizeZ;
        Size = size;
        Planes = planes;
        Labels = labels;
        Nuclei = nuclei;
    }

    /// <summary>Focal planes.</summary>
    public int SizeZ { get; }

    /// <summary>Width and height in pixels.</summary>
    public int Size { get; }

    /// <summary>Channel planes, indexed c × <see cref="SizeZ"/> + z.</summary>
    public ushort[][] Planes { get; }

    /// <summary>Label planes, indexed z: each nucleus's pixels hold its <see cref="Nucleus.Label"/>, the rest 0.</summary>
    public byte[][] Labels { get; }

    /// <summary>The nuclei drawn, label 1 first.</summary>
    public IReadOnlyList<Nucleus> Nuclei { get; }

    /// <summary>The image as a source for the converter.</summary>
    public PlanePixelSource<ushort> Pixels(string name) => new(name, DataType.UInt16, Channels.Length, SizeZ, Size, Size, Planes);

    /// <summary>The label image as a source for the converter.</summary>
    public PlanePixelSource<byte> LabelPixels(string name) => new(name, DataType.UInt8, 1, SizeZ, Size, Size, Labels);

    /// <summary>
    /// Draws <paramref name="layout"/>'s nuclei, each in a cell with a tubulin cytoplasm and an actin rim, over a dim
    /// noisy background. <paramref name="zRatio"/> is the y/x pixel size over the z spacing (nuclei are round in
    /// micrometres); the same <paramref name="seed"/> draws the same image.
    /// </summary>
    public static CellImage Render(int sizeZ, int size, CellLayout layout, double zRatio, int seed)
    {
        var nuclei = Place(sizeZ, size, layout, zRatio, seed);
        var plane = size * size;
        var signal = new float[Channels.Length * sizeZ][];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = new float[plane];
        }

        var labels = new byte[sizeZ][];
        for (var z = 0; z < sizeZ; z++)
        {
            labels[z] = new byte[plane];
        }

        foreach (var nucleus in nuclei)
        {
            Draw(nucleus, sizeZ, size, signal, labels, seed);
        }

        // Background, camera offset and shot-like noise; 12-bit like most scientific cameras.
        (float Offset, int Noise)[] background = [(110, 16), (150, 24), (130, 20)];
        var planes = new ushort[signal.Length][];
        for (var i = 0; i < signal.Length; i++)
        {
            var (offset, noise) = background[i / sizeZ];
            var source = signal[i];
            var target = planes[i] = new ushort[plane];
            for (var p = 0; p < plane; p++)
            {
                var value = offset + source[p] + (int)(DemoHash.Of(p, i, seed) % (uint)noise) - noise / 2;
                target[p] = (ushort)Math.Clamp(value, 0, 4095);
            }
        }

        return new CellImage(sizeZ, size, planes, labels, nuclei);
    }

    /// <summary>Nuclei at random places (a fixed seed), not overlapping, inside the image; fewer when it is full.</summary>
    private static List<Nucleus> Place(int sizeZ, int size, CellLayout layout, double zRatio, int seed)
    {
        var random = new Random(seed);
        var nuclei = new List<Nucleus>();
        for (var attempt = 0; nuclei.Count < Math.Min(layout.Count, 250) && attempt < layout.Count * 40; attempt++)
        {
            var radius = layout.Radius * (0.8 + 0.4 * random.NextDouble());
            var stretch = layout.Elongation * random.NextDouble();
            var (ry, rx) = (radius * (1 + stretch), radius * (1 - stretch));
            var margin = Math.Max(ry, rx) + 2;
            if (size <= 2 * margin)
            {
                break;
            }

            var y = margin + random.NextDouble() * (size - 2 * margin);
            var x = margin + random.NextDouble() * (size - 2 * margin);
            var rz = sizeZ == 1 ? double.PositiveInfinity : radius * zRatio;
            var z = sizeZ == 1 ? 0 : sizeZ / 2.0 - 0.5 + (random.NextDouble() - 0.5) * Math.Max(0, sizeZ - 2 * rz);
            var angle = random.NextDouble() * Math.PI;
            var brightness = layout.Brightness * (0.75 + 0.5 * random.NextDouble());
            var free = nuclei.TrueForAll(n =>
            {
                var dz = sizeZ == 1 ? 0 : (n.Z - z) / zRatio;
                return Math.Sqrt((n.Y - y) * (n.Y - y) + (n.X - x) * (n.X - x) + dz * dz) > 1.5 * (Math.Max(n.RadiusY, n.RadiusX) + Math.Max(ry, rx));
            });
            if (free)
            {
                nuclei.Add(new Nucleus(nuclei.Count + 1, z, y, x, rz, ry, rx, angle, brightness));
            }
        }

        return nuclei;
    }

    /// <summary>Adds one cell to the signal, only over its bounding box.</summary>
    private static void Draw(Nucleus n, int sizeZ, int size, float[][] signal, byte[][] labels, int seed)
    {
        var reach = CellEdge * Math.Max(n.RadiusY, n.RadiusX);
        var (cos, sin) = (Math.Cos(n.Angle), Math.Sin(n.Angle));
        var (y0, y1) = (Math.Max(0, (int)(n.Y - reach)), Math.Min(size - 1, (int)Math.Ceiling(n.Y + reach)));
        var (x0, x1) = (Math.Max(0, (int)(n.X - reach)), Math.Min(size - 1, (int)Math.Ceiling(n.X + reach)));
        var (z0, z1) = sizeZ == 1 ? (0, 0) : (Math.Max(0, (int)(n.Z - CellEdge * n.RadiusZ)), Math.Min(sizeZ - 1, (int)Math.Ceiling(n.Z + CellEdge * n.RadiusZ)));
        for (var z = z0; z <= z1; z++)
        {
            var dz = sizeZ == 1 ? 0 : (z - n.Z) / n.RadiusZ;
            var (dna, tubulin, actin, label) = (signal[z], signal[sizeZ + z], signal[2 * sizeZ + z], labels[z]);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var (dy, dx) = (y - n.Y, x - n.X);
                    var u = (dx * cos + dy * sin) / n.RadiusX;
                    var v = (-dx * sin + dy * cos) / n.RadiusY;
                    var d2 = u * u + v * v + dz * dz;
                    if (d2 >= CellEdge * CellEdge)
                    {
                        continue;
                    }

                    var p = y * size + x;
                    if (d2 < NucleusEdge * NucleusEdge)
                    {
                        // A flat-topped nucleus with a soft edge and a grainy chromatin texture.
                        var f = 1 - d2 / (NucleusEdge * NucleusEdge);
                        var grain = 0.8 + 0.4 * DemoHash.Unit(p, z + 1000 * n.Label, seed);
                        dna[p] += (float)(n.Brightness * Math.Sqrt(f) * grain);
                        if (d2 < 1 && label[p] == 0)
                        {
                            label[p] = (byte)n.Label;
                        }
                    }

                    var d = Math.Sqrt(d2);
                    if (d > 0.9)
                    {
                        var fibre = 0.6 + 0.4 * DemoHash.Unit(p >> 1, z + 7, seed + n.Label);
                        tubulin[p] += (float)(900 * Math.Exp(-((d - 1.6) / 0.45) * ((d - 1.6) / 0.45)) * fibre);
                    }

                    if (d > 1.8)
                    {
                        actin[p] += (float)(1400 * Math.Exp(-((d - 2.15) / 0.12) * ((d - 2.15) / 0.12)));
                    }
                }
            }
        }
    }
}
