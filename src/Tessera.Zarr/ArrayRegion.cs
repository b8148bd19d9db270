using System.Collections.Immutable;
using System.Globalization;

namespace Tessera.Zarr;

/// <summary>A box of an array: a start and a shape per dimension.</summary>
public sealed record ArrayRegion
{
    /// <summary>Creates a region.</summary>
    public ArrayRegion(IEnumerable<long> start, IEnumerable<long> shape)
    {
        Start = [.. start];
        Shape = [.. shape];
        if (Start.Length != Shape.Length)
        {
            throw new ArgumentException($"region start has {Start.Length} dimensions but shape has {Shape.Length}");
        }

        if (Start.Any(s => s < 0) || Shape.Any(s => s < 0))
        {
            throw new ArgumentException($"region {this} has a negative start or extent");
        }
    }

    /// <summary>First element index per dimension.</summary>
    public ImmutableArray<long> Start { get; }

    /// <summary>Extent per dimension.</summary>
    public ImmutableArray<long> Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Start.Length;

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>The whole of an array of <paramref name="shape"/>.</summary>
    public static ArrayRegion Full(IEnumerable<long> shape)
    {
        var extents = shape.ToArray();
        return new ArrayRegion(new long[extents.Length], extents);
    }

    /// <summary>
    /// Parses a numpy-style selection such as <c>0:10,5,:</c> against an array shape: each dimension is
    /// <c>a:b</c>, <c>a:</c>, <c>:b</c>, <c>:</c> or a single index (kept as extent 1).
    /// </summary>
    public static ArrayRegion Parse(string selection, IReadOnlyList<long> arrayShape)
    {
        var parts = selection.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != arrayShape.Count)
        {
            throw new FormatException($"selection '{selection}' has {parts.Length} dimensions, the array has {arrayShape.Count}");
        }

        var start = new long[parts.Length];
        var shape = new long[parts.Length];
        for (var d = 0; d < parts.Length; d++)
        {
            var part = parts[d];
            var colon = part.IndexOf(':');
            long from, to;
            if (colon < 0)
            {
                from = ParseIndex(part, arrayShape[d]);
                to = from + 1;
            }
            else
            {
                from = colon == 0 ? 0 : ParseIndex(part[..colon], arrayShape[d]);
                to = colon == part.Length - 1 ? arrayShape[d] : ParseIndex(part[(colon + 1)..], arrayShape[d]);
            }

            if (from < 0 || to > arrayShape[d] || to < from)
            {
                throw new FormatException($"selection '{part}' is outside dimension {d} of extent {arrayShape[d]}");
            }

            start[d] = from;
            shape[d] = to - from;
        }

        return new ArrayRegion(start, shape);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless the region lies inside <paramref name="arrayShape"/>.</summary>
    public void EnsureWithin(IReadOnlyList<long> arrayShape, string parameterName = "region")
    {
        if (Rank != arrayShape.Count)
        {
            throw new ArgumentException($"region has {Rank} dimensions, the array has {arrayShape.Count}", parameterName);
        }

        for (var d = 0; d < Rank; d++)
        {
            if (Start[d] > arrayShape[d] || Shape[d] > arrayShape[d] - Start[d])
            {
                throw new ArgumentOutOfRangeException(parameterName, $"region {this} exceeds dimension {d} of the array shape [{string.Join(", ", arrayShape)}]");
            }
        }
    }

    /// <summary>Regions are equal when their starts and shapes are.</summary>
    public bool Equals(ArrayRegion? other) =>
        other is not null && Start.AsSpan().SequenceEqual(other.Start.AsSpan()) && Shape.AsSpan().SequenceEqual(other.Shape.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Start)
        {
            hash.Add(value);
        }

        foreach (var value in Shape)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        "[" + string.Join(", ", Start.Zip(Shape, (s, n) => $"{s}:{s + n}")) + "]";

    private static long ParseIndex(string text, long extent)
    {
        var value = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return value < 0 ? extent + value : value;
    }
}
