using System.Numerics;
using System.Runtime.InteropServices;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Rendering;

/// <summary>Raw samples (machine byte order) to <see cref="float"/>, the one type rendering computes in.</summary>
internal static class PixelConversion
{
    /// <summary>The data types an image may have to be rendered.</summary>
    public static bool IsSupported(DataType type) =>
        type.Name is "uint8" or "int8" or "uint16" or "int16" or "uint32" or "int32" or "float32" or "float64";

    /// <summary>Converts <paramref name="destination"/>.Length samples of <paramref name="type"/>.</summary>
    public static void ToSingle(DataType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type.Name)
        {
            case "uint8":
                FromUInt8(source[..destination.Length], destination);
                break;
            case "int8":
                var int8 = MemoryMarshal.Cast<byte, sbyte>(source)[..destination.Length];
                for (var i = 0; i < int8.Length; i++)
                {
                    destination[i] = int8[i];
                }

                break;
            case "uint16":
                FromUInt16(MemoryMarshal.Cast<byte, ushort>(source)[..destination.Length], destination);
                break;
            case "int16":
                var int16 = MemoryMarshal.Cast<byte, short>(source)[..destination.Length];
                for (var i = 0; i < int16.Length; i++)
                {
                    destination[i] = int16[i];
                }

                break;
            case "uint32":
                var uint32 = MemoryMarshal.Cast<byte, uint>(source)[..destination.Length];
                for (var i = 0; i < uint32.Length; i++)
                {
                    destination[i] = uint32[i];
                }

                break;
            case "int32":
                var int32 = MemoryMarshal.Cast<byte, int>(source)[..destination.Length];
                for (var i = 0; i < int32.Length; i++)
                {
                    destination[i] = int32[i];
                }

                break;
            case "float32":
                MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
                break;
            case "float64":
                var float64 = MemoryMarshal.Cast<byte, double>(source)[..destination.Length];
                for (var i = 0; i < float64.Length; i++)
                {
                    destination[i] = (float)float64[i];
                }

                break;
            default:
                throw new NotSupportedException($"{type} samples are not rendered");
        }
    }

    private static void FromUInt8(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var bytes = MemoryMarshal.Cast<byte, Vector<byte>>(source);
            var floats = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (var v = 0; v < bytes.Length; v++)
            {
                Vector.Widen(bytes[v], out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                floats[4 * v] = Vector.ConvertToSingle(a);
                floats[4 * v + 1] = Vector.ConvertToSingle(b);
                floats[4 * v + 2] = Vector.ConvertToSingle(c);
                floats[4 * v + 3] = Vector.ConvertToSingle(d);
            }

            i = bytes.Length * Vector<byte>.Count;
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    private static void FromUInt16(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var shorts = MemoryMarshal.Cast<ushort, Vector<ushort>>(source);
            var floats = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (var v = 0; v < shorts.Length; v++)
            {
                Vector.Widen(shorts[v], out var low, out var high);
                floats[2 * v] = Vector.ConvertToSingle(low);
                floats[2 * v + 1] = Vector.ConvertToSingle(high);
            }

            i = shorts.Length * Vector<ushort>.Count;
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }
}
