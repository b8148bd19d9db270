using System.Buffers;

namespace Tessera.Zarr.Buffers;

/// <summary>
/// A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> with an exact length.
/// Dispose it to return the array; using it after disposal throws.
/// </summary>
public sealed class PooledBuffer : IMemoryOwner<byte>
{
    private byte[]? _array;
    private int _length;

    private PooledBuffer(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    /// <summary>Rents a buffer of exactly <paramref name="length"/> bytes (contents unspecified).</summary>
    public static PooledBuffer Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new PooledBuffer(length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length), length);
    }

    /// <summary>Rents a buffer of <paramref name="length"/> bytes, failing with a clear message above 2 GiB.</summary>
    public static PooledBuffer Rent(long length, string what)
    {
        if (length > System.Array.MaxLength)
        {
            throw new ZarrException($"{what} needs {length} bytes in one buffer, more than .NET allows ({System.Array.MaxLength}); use smaller chunks or shards");
        }

        return Rent((int)length);
    }

    /// <summary>Rents a buffer and copies <paramref name="source"/> into it.</summary>
    public static PooledBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = Rent(source.Length);
        source.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Number of valid bytes.</summary>
    public int Length => _length;

    /// <summary>The valid bytes.</summary>
    public Span<byte> Span => RentedArray.AsSpan(0, _length);

    /// <inheritdoc />
    public Memory<byte> Memory => RentedArray.AsMemory(0, _length);

    /// <summary>The rented array (may be longer than <see cref="Length"/>).</summary>
    internal byte[] RentedArray => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    /// <summary>Bytes available without growing.</summary>
    internal int Capacity => RentedArray.Length;

    /// <summary>Sets the valid length, at most the rented capacity (used after compressing into a bound-sized buffer).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        _length = length;
    }

    /// <summary>Grows the buffer to at least <paramref name="length"/> bytes, keeping the current contents.</summary>
    internal void Grow(int length)
    {
        if (length <= Capacity)
        {
            _length = length;
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(length);
        RentedArray.AsSpan(0, _length).CopyTo(bigger);
        ReturnArray();
        _array = bigger;
        _length = length;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        ReturnArray();
        _array = null;
    }

    private void ReturnArray()
    {
        if (_array is { Length: > 0 } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
