using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tessera.Zarr.Indexing;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// The v3 <c>transpose</c> codec: axis <c>i</c> of the encoded chunk is axis <c>order[i]</c> of the decoded one.
/// Zarr v2's <c>"order": "F"</c> is this codec with the axes reversed.
/// </summary>
public sealed class TransposeCodec : ArrayToArrayCodec
{
    /// <summary>Creates the codec from a permutation of <c>0..rank-1</c>.</summary>
    public TransposeCodec(IEnumerable<int> order)
    {
        Order = [.. order];
        var seen = new bool[Order.Length];
        foreach (var axis in Order)
        {
            if (axis < 0 || axis >= Order.Length || seen[axis])
            {
                throw new ZarrMetadataException(null, "$.codecs", $"codec 'transpose': order [{string.Join(", ", Order)}] is not a permutation of 0..{Order.Length - 1}");
            }

            seen[axis] = true;
        }
    }

    /// <summary>The permutation.</summary>
    public ImmutableArray<int> Order { get; }

    /// <inheritdoc />
    public override string Name => "transpose";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["order"] = new JsonArray([.. Order.Select(a => JsonValue.Create(a))]) };

    /// <summary>The codec Zarr v2 <c>"order": "F"</c> stands for: all axes reversed.</summary>
    public static TransposeCodec Reversed(int rank) => new(Enumerable.Range(0, rank).Reverse());

    /// <summary>True when this reverses all axes (expressible as v2 order F).</summary>
    public bool IsReversal => Order.Select((axis, i) => axis == Order.Length - 1 - i).All(x => x);

    internal static TransposeCodec FromConfiguration(CodecConfiguration configuration, int? rank)
    {
        // Early v3 drafts (and some writers) used "C" / "F" strings.
        if (configuration.Json?["order"] is JsonValue text && text.TryGetValue<string>(out var letter))
        {
            if (rank is null || letter is not ("C" or "F"))
            {
                throw configuration.Invalid("order", $"expected a permutation array, found \"{letter}\"");
            }

            return letter == "C" ? new TransposeCodec(Enumerable.Range(0, rank.Value)) : Reversed(rank.Value);
        }

        return new TransposeCodec(configuration.IntArray("order"));
    }

    /// <inheritdoc />
    public override Codec Resolve(ChunkSpec spec)
    {
        if (Order.Length != spec.Shape.Length)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'transpose': order has {Order.Length} axes but the chunk has {spec.Shape.Length}");
        }

        return this;
    }

    /// <inheritdoc />
    public override ChunkSpec EncodedSpec(ChunkSpec decoded) => decoded.WithShape([.. Order.Select(axis => decoded.Shape[axis])]);

    /// <inheritdoc />
    public override void Encode(ReadOnlySpan<byte> decoded, Span<byte> encoded, ChunkSpec decodedSpec)
    {
        // Walk the encoded chunk in C order; encoded axis i steps decoded axis Order[i].
        var rank = Order.Length;
        Span<long> decodedShape = stackalloc long[rank];
        Span<long> decodedStrides = stackalloc long[rank];
        Span<long> strides = stackalloc long[rank];
        Span<int> encodedShape = stackalloc int[rank];
        for (var i = 0; i < rank; i++)
        {
            decodedShape[i] = decodedSpec.Shape[i];
        }

        StridedCopy.Strides(decodedShape, decodedStrides);
        for (var i = 0; i < rank; i++)
        {
            strides[i] = decodedStrides[Order[i]];
            encodedShape[i] = decodedSpec.Shape[Order[i]];
        }

        StridedCopy.Gather(decoded, encoded, encodedShape, strides, decodedSpec.DataType.Size);
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, ChunkSpec decodedSpec)
    {
        // Walk the decoded chunk in C order; decoded axis Order[i] steps encoded axis i.
        var rank = Order.Length;
        Span<long> encodedShape = stackalloc long[rank];
        Span<long> encodedStrides = stackalloc long[rank];
        Span<long> strides = stackalloc long[rank];
        Span<int> decodedShape = stackalloc int[rank];
        for (var i = 0; i < rank; i++)
        {
            encodedShape[i] = decodedSpec.Shape[Order[i]];
            decodedShape[i] = decodedSpec.Shape[i];
        }

        StridedCopy.Strides(encodedShape, encodedStrides);
        for (var i = 0; i < rank; i++)
        {
            strides[Order[i]] = encodedStrides[i];
        }

        StridedCopy.Gather(encoded, decoded, decodedShape, strides, decodedSpec.DataType.Size);
    }
}
