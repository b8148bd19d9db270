namespace Tessera.Zarr.Storage;

/// <summary>
/// A byte range request on a stored value. Ranges past the end of the value are clamped, so a store
/// returns fewer bytes (possibly none) rather than failing; callers check the length they got.
/// </summary>
public readonly record struct ByteRange
{
    private ByteRange(ByteRangeKind kind, long offset, long length)
    {
        Kind = kind;
        Offset = offset;
        Length = length;
    }

    /// <summary>The whole value.</summary>
    public static ByteRange All => default;

    /// <summary>The kind of range.</summary>
    public ByteRangeKind Kind { get; }

    /// <summary>Start offset (<see cref="ByteRangeKind.FromOffset"/>, <see cref="ByteRangeKind.Slice"/>).</summary>
    public long Offset { get; }

    /// <summary>Number of bytes (<see cref="ByteRangeKind.Slice"/>, <see cref="ByteRangeKind.Suffix"/>).</summary>
    public long Length { get; }

    /// <summary>True for <see cref="All"/>.</summary>
    public bool IsAll => Kind == ByteRangeKind.All;

    /// <summary>Bytes from <paramref name="offset"/> to the end.</summary>
    public static ByteRange From(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new(ByteRangeKind.FromOffset, offset, 0);
    }

    /// <summary><paramref name="length"/> bytes starting at <paramref name="offset"/>.</summary>
    public static ByteRange Slice(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(ByteRangeKind.Slice, offset, length);
    }

    /// <summary>The last <paramref name="length"/> bytes.</summary>
    public static ByteRange Suffix(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(ByteRangeKind.Suffix, 0, length);
    }

    /// <summary>Resolves the range against a value of <paramref name="totalLength"/> bytes, clamping at the end.</summary>
    public (long Start, long Length) Resolve(long totalLength)
    {
        switch (Kind)
        {
            case ByteRangeKind.All:
                return (0, totalLength);
            case ByteRangeKind.FromOffset:
                {
                    var start = Math.Min(Offset, totalLength);
                    return (start, totalLength - start);
                }
            case ByteRangeKind.Slice:
                {
                    var start = Math.Min(Offset, totalLength);
                    return (start, Math.Min(Length, totalLength - start));
                }
            default:
                {
                    var length = Math.Min(Length, totalLength);
                    return (totalLength - length, length);
                }
        }
    }

    /// <summary>True for ranges that select no bytes at all (HTTP has no way to ask for those).</summary>
    public bool IsEmpty => Kind is ByteRangeKind.Slice or ByteRangeKind.Suffix && Length == 0;

    /// <summary>The HTTP <c>Range</c> header value, or null for the whole value.</summary>
    /// <exception cref="InvalidOperationException">The range is <see cref="IsEmpty"/>: callers answer those without a request.</exception>
    public string? ToHttpRange() => Kind switch
    {
        _ when IsEmpty => throw new InvalidOperationException($"the empty range {this} has no HTTP form"),
        ByteRangeKind.All => null,
        ByteRangeKind.FromOffset => $"bytes={Offset}-",
        ByteRangeKind.Slice when Length > long.MaxValue - Offset => $"bytes={Offset}-", // the end cannot be written: to the end is the same
        ByteRangeKind.Slice => $"bytes={Offset}-{Offset + Length - 1}",
        _ => $"bytes=-{Length}",
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ByteRangeKind.All => "all",
        ByteRangeKind.FromOffset => $"[{Offset}..]",
        ByteRangeKind.Slice => $"[{Offset}..{Offset + Length})",
        _ => $"[-{Length}..]",
    };
}
