using System.Runtime.InteropServices;
using Tessera.Imaging;
using Tessera.Zarr.Metadata;

namespace Tessera.Catalog.Demo;

/// <summary>
/// Planes already rendered in memory, served to the converter by region: for images small enough to draw whole
/// (plate fields, the 3-D stack, their label images). Planes are indexed c × sizeZ + z; one time point.
/// </summary>
internal sealed class PlanePixelSource<T> : PixelSource
    where T : unmanaged
{
    private readonly T[][] _planes;

    public PlanePixelSource(string name, DataType dataType, int sizeC, int sizeZ, int sizeY, int sizeX, T[][] planes)
    {
        if (planes.Length != sizeC * sizeZ || planes.Any(p => p.Length != sizeY * sizeX))
        {
            throw new ArgumentException($"{name}: expected {sizeC * sizeZ} planes of {sizeY} × {sizeX}", nameof(planes));
        }

        Name = name;
        DataType = dataType;
        SizeC = sizeC;
        SizeZ = sizeZ;
        SizeY = sizeY;
        SizeX = sizeX;
        _planes = planes;
    }

    public override string Name { get; }

    public override DataType DataType { get; }

    public override int SizeT => 1;

    public override int SizeC { get; }

    public override int SizeZ { get; }

    public override long SizeY { get; }

    public override long SizeX { get; }

    public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination)
    {
        var plane = _planes[c * SizeZ + z];
        var target = MemoryMarshal.Cast<byte, T>(destination);
        for (var row = 0; row < height; row++)
        {
            plane.AsSpan((int)((y + row) * SizeX + x), width).CopyTo(target.Slice(row * width, width));
        }
    }
}
