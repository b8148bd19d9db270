using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Indexing;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// The v3 <c>sharding_indexed</c> codec: a shard holds a grid of inner chunks, each encoded with the inner
/// codec chain, plus an index of (offset, length) pairs. Absent inner chunks (all fill value) are not
/// stored. Partial reads fetch the index and then only the inner chunks they need.
/// </summary>
public sealed class ShardingCodec : ArrayToBytesCodec
{
    private const ulong Absent = ulong.MaxValue;

    // Below this many decoded bytes per shard, inner chunks are processed on the calling thread.
    private const long ParallelThreshold = 1 << 20;

    private readonly Resolved? _resolved;

    /// <summary>Creates the codec.</summary>
    /// <param name="chunkShape">Shape of the inner chunks; must divide the shard shape.</param>
    /// <param name="codecs">Chain for inner chunks; default <c>[bytes]</c>.</param>
    /// <param name="indexCodecs">Chain for the index; default <c>[bytes, crc32c]</c>. Must produce a fixed size.</param>
    /// <param name="indexLocation">Index at the start or the end of the shard.</param>
    public ShardingCodec(IEnumerable<int> chunkShape, IEnumerable<Codec>? codecs = null, IEnumerable<Codec>? indexCodecs = null, ShardIndexLocation indexLocation = ShardIndexLocation.End)
    {
        ChunkShape = [.. chunkShape];
        if (ChunkShape.Any(extent => extent <= 0))
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'sharding_indexed': inner chunk shape [{string.Join(", ", ChunkShape)}] must be positive");
        }

        Codecs = codecs is null ? [new BytesCodec()] : [.. codecs];
        IndexCodecs = indexCodecs is null ? [new BytesCodec(), new Crc32cCodec()] : [.. indexCodecs];
        IndexLocation = indexLocation;
    }

    // A resolved codec describes its inner chains as resolved too, so defaults (blosc's typesize) reach the metadata.
    private ShardingCodec(ShardingCodec unresolved, Resolved resolved)
        : this(unresolved.ChunkShape, resolved.Inner.Codecs, resolved.Index.Codecs, unresolved.IndexLocation)
    {
        _resolved = resolved;
    }

    /// <summary>Shape of the inner chunks.</summary>
    public ImmutableArray<int> ChunkShape { get; }

    /// <summary>Inner chunk codec chain.</summary>
    public ImmutableArray<Codec> Codecs { get; }

    /// <summary>Index codec chain.</summary>
    public ImmutableArray<Codec> IndexCodecs { get; }

    /// <summary>Index position.</summary>
    public ShardIndexLocation IndexLocation { get; }

    /// <inheritdoc />
    public override string Name => "sharding_indexed";

    /// <inheritdoc />
    public override JsonObject? Configuration => new()
    {
        ["chunk_shape"] = new JsonArray([.. ChunkShape.Select(e => JsonValue.Create(e))]),
        ["codecs"] = new JsonArray([.. Codecs.Select(c => (JsonNode)c.ToV3Json())]),
        ["index_codecs"] = new JsonArray([.. IndexCodecs.Select(c => (JsonNode)c.ToV3Json())]),
        ["index_location"] = IndexLocation == ShardIndexLocation.End ? "end" : "start",
    };

    internal static ShardingCodec FromConfiguration(CodecConfiguration configuration, int? rank)
    {
        var location = configuration.String("index_location", "end") switch
        {
            "end" => ShardIndexLocation.End,
            "start" => ShardIndexLocation.Start,
            var other => throw configuration.Invalid("index_location", $"expected \"start\" or \"end\", found \"{other}\""),
        };
        var chunkShape = configuration.IntArray("chunk_shape");
        var codecs = CodecRegistry.ParseV3Chain(configuration.Json?["codecs"], configuration.JsonPath + ".codecs", chunkShape.Length);
        var indexCodecs = configuration.Has("index_codecs")
            ? CodecRegistry.ParseV3Chain(configuration.Json?["index_codecs"], configuration.JsonPath + ".index_codecs", chunkShape.Length + 1)
            : null;
        if (rank is { } r && chunkShape.Length != r)
        {
            throw configuration.Invalid("chunk_shape", $"has {chunkShape.Length} dimensions, the array has {r}");
        }

        return new ShardingCodec(chunkShape, codecs, indexCodecs, location);
    }

    /// <inheritdoc />
    public override Codec Resolve(ChunkSpec spec)
    {
        var rank = spec.Shape.Length;
        if (ChunkShape.Length != rank)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'sharding_indexed': inner chunk shape has {ChunkShape.Length} dimensions, the shard has {rank}");
        }

        var perShard = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            if (spec.Shape[i] % ChunkShape[i] != 0)
            {
                throw new ZarrMetadataException(null, "$.codecs", $"codec 'sharding_indexed': inner chunk shape [{string.Join(", ", ChunkShape)}] does not divide the shard shape [{string.Join(", ", spec.Shape)}]");
            }

            perShard[i] = spec.Shape[i] / ChunkShape[i];
        }

        var inner = CodecPipeline.Create(Codecs, spec.WithShape(ChunkShape));
        var indexShape = ImmutableArray.CreateRange(perShard.Select(n => checked((int)n))).Add(2);
        var indexFill = FillValue.FromBytes(DataType.UInt64, BitConverter.GetBytes(Absent));
        var index = CodecPipeline.Create(IndexCodecs, new ChunkSpec(indexShape, DataType.UInt64, indexFill));
        if (index.EncodedSize is not { } indexSize)
        {
            throw new ZarrMetadataException(null, "$.codecs", "codec 'sharding_indexed': index_codecs must produce a fixed size (bytes and checksums only, no compression)");
        }

        return new ShardingCodec(this, new Resolved(spec, inner, index, perShard, checked((int)indexSize)));
    }

    /// <inheritdoc />
    public override long MaxEncodedSize(ChunkSpec spec)
    {
        if (_resolved is not { } r)
        {
            return long.MaxValue;
        }

        var inner = r.Inner.MaxEncodedSize;
        return inner >= (long.MaxValue - r.IndexSize) / r.InnerChunkCount ? long.MaxValue : r.InnerChunkCount * inner + r.IndexSize;
    }

    /// <inheritdoc />
    public override unsafe PooledBuffer Encode(ReadOnlySpan<byte> decoded, ChunkSpec spec)
    {
        var r = Require();
        var count = r.InnerChunkCount;
        var parts = new PooledBuffer?[count];
        try
        {
            fixed (byte* pointer = decoded)
            {
                var address = (nint)pointer;
                var length = decoded.Length;
                ForEachInnerChunk(count, decoded.Length, i =>
                {
                    var shard = new ReadOnlySpan<byte>((void*)address, length);
                    using var inner = PooledBuffer.Rent(r.Inner.Spec.ByteLength, "inner chunk");
                    StridedCopy.CopyBox(shard, r.ShardShape, r.InnerOrigin(i), inner.Span, r.InnerShape, r.Zero, r.InnerShape, spec.DataType.Size);
                    if (!spec.FillValue.IsFilledWith(inner.Span))
                    {
                        parts[i] = EncodeInner(r, inner.Span, i);
                    }
                });
            }

            long total = r.IndexSize;
            foreach (var part in parts)
            {
                total += part?.Length ?? 0;
            }

            var output = PooledBuffer.Rent(total, "shard");
            try
            {
                var index = new ulong[count * 2];
                var offset = IndexLocation == ShardIndexLocation.Start ? r.IndexSize : 0;
                for (var i = 0; i < count; i++)
                {
                    if (parts[i] is { } part)
                    {
                        part.Span.CopyTo(output.Span[offset..]);
                        index[2 * i] = (ulong)offset;
                        index[2 * i + 1] = (ulong)part.Length;
                        offset += part.Length;
                    }
                    else
                    {
                        index[2 * i] = Absent;
                        index[2 * i + 1] = Absent;
                    }
                }

                using var encodedIndex = r.Index.Encode(MemoryMarshal.AsBytes(index.AsSpan()));
                encodedIndex.Span.CopyTo(IndexLocation == ShardIndexLocation.Start ? output.Span : output.Span[offset..]);
                return output;
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var part in parts)
            {
                part?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public override unsafe void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, ChunkSpec spec)
    {
        var r = Require();
        var index = ReadIndex(r, IndexBytes(r, encoded, encoded.Length));
        var count = r.InnerChunkCount;
        fixed (byte* source = encoded)
        fixed (byte* target = decoded)
        {
            var sourceAddress = (nint)source;
            var targetAddress = (nint)target;
            var sourceLength = encoded.Length;
            var targetLength = decoded.Length;
            ForEachInnerChunk(count, decoded.Length, i =>
            {
                var shard = new Span<byte>((void*)targetAddress, targetLength);
                var origin = r.InnerOrigin(i);
                var (offset, length) = (index[2 * i], index[2 * i + 1]);
                if (offset == Absent && length == Absent)
                {
                    StridedCopy.FillBox(shard, r.ShardShape, origin, r.InnerShape, spec.FillValue);
                    return;
                }

                CheckEntry(r, i, offset, length, sourceLength);
                var bytes = new ReadOnlySpan<byte>((void*)(sourceAddress + (nint)offset), (int)length);
                DecodeInnerInto(r, i, bytes, shard, r.ShardShape, origin, r.Zero, r.InnerShape);
            });
        }
    }

    /// <summary>Reads the box of one shard through byte ranges: the index first, then the inner chunks it needs.</summary>
    internal async ValueTask DecodePartialAsync(
        IByteRangeSource source, ChunkSpec spec, long[] boxStart, long[] boxShape, ArrayView destination, long[] destinationStart,
        int concurrency, CancellationToken cancellationToken)
    {
        var r = Require();
        ulong[] index;
        using (var indexBytes = await source.ReadAsync(IndexLocation == ShardIndexLocation.End ? ByteRange.Suffix(r.IndexSize) : ByteRange.Slice(0, r.IndexSize), cancellationToken).ConfigureAwait(false))
        {
            if (indexBytes is null)
            {
                StridedCopy.FillBox(destination.Memory.Span, destination.Shape, destinationStart, boxShape, spec.FillValue);
                return;
            }

            if (indexBytes.Length < r.IndexSize)
            {
                throw Failure(CodecDirection.Decode, $"shard is {indexBytes.Length} bytes, shorter than its {r.IndexSize}-byte index");
            }

            index = ReadIndex(r, indexBytes.Span);
        }

        var rank = boxStart.Length;
        var firstChunk = new long[rank];
        var lastChunk = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            firstChunk[d] = boxStart[d] / r.InnerShape[d];
            lastChunk[d] = (boxStart[d] + boxShape[d] - 1) / r.InnerShape[d];
        }

        var work = ChunkGrid.Enumerate(firstChunk, lastChunk).Select(coordinates => InnerWork.Create(r, coordinates, boxStart, boxShape, destinationStart));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (item, token) =>
        {
            var (offset, length) = (index[2 * item.Index], index[2 * item.Index + 1]);
            if (offset == Absent && length == Absent)
            {
                StridedCopy.FillBox(destination.Memory.Span, destination.Shape, item.DestinationStart, item.BoxShape, spec.FillValue);
                return;
            }

            CheckEntry(r, item.Index, offset, length, source.Length ?? long.MaxValue);
            var innerSource = source.Slice((long)offset, (long)length);
            if (r.Inner.PartialDecoder is not null && !item.CoversInnerChunk(r))
            {
                try
                {
                    await r.Inner.DecodePartialAsync(innerSource, item.BoxStart, item.BoxShape, destination, item.DestinationStart, concurrency, token).ConfigureAwait(false);
                }
                catch (ZarrCodecException e)
                {
                    throw Failure(CodecDirection.Decode, $"inner chunk [{string.Join(", ", r.InnerCoordinates(item.Index))}]: {e.Message}", e);
                }

                return;
            }

            using var bytes = await innerSource.ReadAsync(ByteRange.All, token).ConfigureAwait(false);
            if (bytes is null || bytes.Length < (long)length)
            {
                throw Failure(CodecDirection.Decode, $"index entry for inner chunk [{string.Join(", ", r.InnerCoordinates(item.Index))}] (offset {offset}, {length} bytes) points past the end of the shard (got {bytes?.Length ?? 0} bytes)");
            }

            DecodeInnerInto(r, item.Index, bytes.Span, destination.Memory.Span, destination.Shape, item.DestinationStart, item.BoxStart, item.BoxShape);
        }).ConfigureAwait(false);
    }

    private Resolved Require() => _resolved ?? throw new InvalidOperationException("ShardingCodec must be resolved for a chunk shape (CodecPipeline.Create does this)");

    private PooledBuffer EncodeInner(Resolved r, ReadOnlySpan<byte> inner, int index)
    {
        try
        {
            return r.Inner.Encode(inner);
        }
        catch (ZarrCodecException e)
        {
            throw Failure(CodecDirection.Encode, $"inner chunk [{string.Join(", ", r.InnerCoordinates(index))}]: {e.Message}", e);
        }
    }

    /// <summary>Decodes inner chunk <paramref name="index"/> and copies its box <paramref name="innerStart"/>/<paramref name="boxShape"/> into the destination.</summary>
    private void DecodeInnerInto(Resolved r, int index, ReadOnlySpan<byte> bytes, Span<byte> destination, long[] destinationShape, long[] destinationStart, long[] innerStart, long[] boxShape)
    {
        try
        {
            var elementSize = r.Inner.Spec.DataType.Size;
            if (ChunkGrid.IsContiguousBox(destinationShape, destinationStart, boxShape) && boxShape.AsSpan().SequenceEqual(r.InnerShape))
            {
                var offset = ChunkGrid.LinearOffset(destinationShape, destinationStart) * elementSize;
                r.Inner.Decode(bytes, destination.Slice((int)offset, (int)r.Inner.Spec.ByteLength));
                return;
            }

            using var chunk = PooledBuffer.Rent(r.Inner.Spec.ByteLength, "inner chunk");
            r.Inner.Decode(bytes, chunk.Span);
            StridedCopy.CopyBox(chunk.Span, r.InnerShape, innerStart, destination, destinationShape, destinationStart, boxShape, elementSize);
        }
        catch (ZarrCodecException e)
        {
            throw Failure(CodecDirection.Decode, $"inner chunk [{string.Join(", ", r.InnerCoordinates(index))}]: {e.Message}", e);
        }
    }

    private ReadOnlySpan<byte> IndexBytes(Resolved r, ReadOnlySpan<byte> shard, long shardLength)
    {
        if (shardLength < r.IndexSize)
        {
            throw Failure(CodecDirection.Decode, $"shard is {shardLength} bytes, shorter than its {r.IndexSize}-byte index");
        }

        return IndexLocation == ShardIndexLocation.End ? shard[^r.IndexSize..] : shard[..r.IndexSize];
    }

    private ulong[] ReadIndex(Resolved r, ReadOnlySpan<byte> encodedIndex)
    {
        var index = new ulong[r.InnerChunkCount * 2];
        try
        {
            r.Index.Decode(encodedIndex[..r.IndexSize], MemoryMarshal.AsBytes(index.AsSpan()));
        }
        catch (ZarrCodecException e)
        {
            throw Failure(CodecDirection.Decode, $"shard index: {e.Message}", e);
        }

        return index;
    }

    private void CheckEntry(Resolved r, int index, ulong offset, ulong length, long shardLength)
    {
        if (offset == Absent || length == Absent || offset > (ulong)shardLength || length > (ulong)shardLength - offset || length > int.MaxValue)
        {
            throw Failure(CodecDirection.Decode, $"index entry for inner chunk [{string.Join(", ", r.InnerCoordinates(index))}] (offset {offset}, {length} bytes) points past the end of the shard ({(shardLength == long.MaxValue ? "?" : shardLength.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes)");
        }
    }

    private static void ForEachInnerChunk(int count, long shardBytes, Action<int> body)
    {
        if (count == 1 || shardBytes < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>What resolving against a shard shape yields: the inner and index pipelines and the grid.</summary>
    private sealed class Resolved
    {
        public Resolved(ChunkSpec shard, CodecPipeline inner, CodecPipeline index, long[] perShard, int indexSize)
        {
            Inner = inner;
            Index = index;
            PerShard = perShard;
            IndexSize = indexSize;
            ShardShape = [.. shard.Shape.Select(e => (long)e)];
            InnerShape = [.. inner.Spec.Shape.Select(e => (long)e)];
            Zero = new long[ShardShape.Length];
            InnerChunkCount = checked((int)perShard.Aggregate(1L, (a, b) => a * b));
        }

        public CodecPipeline Inner { get; }

        public CodecPipeline Index { get; }

        public long[] PerShard { get; }

        public int IndexSize { get; }

        public long[] ShardShape { get; }

        public long[] InnerShape { get; }

        public long[] Zero { get; }

        public int InnerChunkCount { get; }

        public long[] InnerCoordinates(int index)
        {
            var coordinates = new long[PerShard.Length];
            for (var d = PerShard.Length - 1; d >= 0; d--)
            {
                coordinates[d] = index % PerShard[d];
                index = (int)(index / PerShard[d]);
            }

            return coordinates;
        }

        public long[] InnerOrigin(int index)
        {
            var origin = InnerCoordinates(index);
            for (var d = 0; d < origin.Length; d++)
            {
                origin[d] *= InnerShape[d];
            }

            return origin;
        }

        public int LinearIndex(ReadOnlySpan<long> coordinates)
        {
            long index = 0;
            for (var d = 0; d < coordinates.Length; d++)
            {
                index = index * PerShard[d] + coordinates[d];
            }

            return (int)index;
        }
    }

    /// <summary>One inner chunk a partial read touches: which part of it, and where that part goes.</summary>
    private sealed record InnerWork(int Index, long[] BoxStart, long[] BoxShape, long[] DestinationStart)
    {
        public static InnerWork Create(Resolved r, long[] coordinates, long[] boxStart, long[] boxShape, long[] destinationStart)
        {
            var rank = coordinates.Length;
            var start = new long[rank];
            var shape = new long[rank];
            var target = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                var origin = coordinates[d] * r.InnerShape[d];
                var from = Math.Max(origin, boxStart[d]);
                var to = Math.Min(origin + r.InnerShape[d], boxStart[d] + boxShape[d]);
                start[d] = from - origin;
                shape[d] = to - from;
                target[d] = destinationStart[d] + (from - boxStart[d]);
            }

            return new InnerWork(r.LinearIndex(coordinates), start, shape, target);
        }

        public bool CoversInnerChunk(Resolved r) => BoxShape.AsSpan().SequenceEqual(r.InnerShape);
    }
}
