using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Indexing;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr;

/// <summary>
/// A Zarr array: reads and writes n-dimensional boxes, doing chunk IO in parallel with bounded
/// concurrency. Missing chunks read as the fill value; writes that cover whole chunks never read; partial
/// chunk writes read, modify and write the chunk. Safe for concurrent reads; concurrent writes to the same
/// chunk are the caller's to order.
/// </summary>
public sealed class ZarrArray : ZarrNode
{
    // Shards larger than this are read inner chunk by inner chunk even when a read covers them whole, so no
    // buffer of a whole shard (or two, encoded and decoded, per concurrent read) is ever needed.
    private const long WholeShardReadLimit = 64L << 20;

    private readonly Lazy<CodecPipeline> _pipeline;
    private ArrayMetadata _metadata;

    internal ZarrArray(IStore store, string path, ArrayMetadata metadata, ZarrArrayOptions? options)
        : base(store, path)
    {
        _metadata = metadata;
        Options = options ?? ZarrArrayOptions.Default;

        // Built on first chunk IO so that metadata with an unsupported codec still opens and lists.
        _pipeline = new Lazy<CodecPipeline>(
            () =>
            {
                try
                {
                    return CodecPipeline.Create(metadata.Codecs, new ChunkSpec(metadata.ChunkShape, metadata.DataType, metadata.FillValue));
                }
                catch (ZarrMetadataException e) when (e.Key is null)
                {
                    throw e.WithKey(MetadataKey);
                }
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The array's metadata.</summary>
    public ArrayMetadata Metadata => _metadata;

    /// <summary>IO options.</summary>
    public ZarrArrayOptions Options { get; }

    /// <inheritdoc />
    public override ZarrFormat ZarrFormat => _metadata.ZarrFormat;

    /// <inheritdoc />
    public override JsonObject Attributes => _metadata.Attributes;

    /// <summary>Extent per dimension.</summary>
    public ImmutableArray<long> Shape => _metadata.Shape;

    /// <summary>Element type.</summary>
    public DataType DataType => _metadata.DataType;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _metadata.Rank;

    /// <summary>The resolved codec pipeline (throws for unsupported codecs).</summary>
    public CodecPipeline Pipeline => _pipeline.Value;

    private string MetadataKey => StoreKey.Join(Path, _metadata.ZarrFormat == ZarrFormat.V3 ? "zarr.json" : ".zarray");

    private int Concurrency => Math.Max(1, Options.MaxConcurrency ?? Store.PreferredConcurrency);

    /// <summary>Opens the array at <paramref name="path"/>.</summary>
    /// <exception cref="ZarrNodeNotFoundException">No array there.</exception>
    public static async ValueTask<ZarrArray> OpenAsync(IStore store, string path = "", ZarrArrayOptions? options = null, CancellationToken cancellationToken = default)
    {
        var normalized = StoreKey.NormalizePath(path);
        var node = await OpenNodeAsync(store, normalized, options, cancellationToken).ConfigureAwait(false);
        return node as ZarrArray ?? throw new ZarrNodeNotFoundException(store.Location, normalized, "array (found a group)");
    }

    /// <summary>
    /// Creates an array: writes its metadata. With <paramref name="overwrite"/>, an existing node at the path is
    /// deleted first (keys below it too, when the store can list); otherwise an existing node is an error.
    /// </summary>
    public static async ValueTask<ZarrArray> CreateAsync(IWritableStore store, string path, ArrayMetadata metadata, ZarrArrayOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metadata);
        metadata.Validate();

        // Resolving the chain validates it against the chunk shape and records the defaults it chose
        // (blosc's typesize, say), which the Zarr v3 spec requires in the metadata.
        CodecPipeline pipeline;
        try
        {
            pipeline = CodecPipeline.Create(metadata.Codecs, new ChunkSpec(metadata.ChunkShape, metadata.DataType, metadata.FillValue));
        }
        catch (ZarrUnsupportedException e)
        {
            throw new ArgumentException($"cannot create an array with {e.Message}", nameof(metadata), e);
        }
        catch (ZarrMetadataException e)
        {
            throw new ArgumentException($"invalid codec chain: {e.Message}", nameof(metadata), e);
        }

        metadata = metadata with { Codecs = pipeline.Codecs };
        var normalized = StoreKey.NormalizePath(path);
        await ZarrGroup.PrepareNodePathAsync(store, normalized, overwrite, cancellationToken).ConfigureAwait(false);
        var array = new ZarrArray(store, normalized, metadata, options);
        await array.WriteMetadataAsync(metadata, cancellationToken).ConfigureAwait(false);
        return array;
    }

    /// <inheritdoc />
    public override async ValueTask SetAttributesAsync(JsonObject attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var updated = _metadata with { Attributes = (JsonObject)attributes.DeepClone() };
        await WriteMetadataAsync(updated, cancellationToken).ConfigureAwait(false);
        _metadata = updated;
    }

    /// <summary>Store key of the chunk (shard) at grid coordinates <paramref name="chunkCoordinates"/>.</summary>
    public string ChunkKey(ReadOnlySpan<long> chunkCoordinates) => StoreKey.Join(Path, _metadata.ChunkKeyEncoding.Encode(chunkCoordinates));

    /// <summary>Reads a region into a new C-order array of <typeparamref name="T"/>.</summary>
    public async ValueTask<T[]> ReadAsync<T>(ArrayRegion region, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.ElementCount > Array.MaxLength)
        {
            throw new ArgumentException($"region {region} has {region.ElementCount} elements, more than one .NET array holds; read it in parts", nameof(region));
        }

        var result = GC.AllocateUninitializedArray<T>((int)region.ElementCount);
        await ReadAsync<T>(region, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads a region into <paramref name="destination"/> (C order, exactly the region's element count).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match the data type, or sizes disagree.</exception>
    /// <exception cref="ZarrCodecException">A chunk does not decode; the message names its key and the codec.</exception>
    public ValueTask ReadAsync<T>(ArrayRegion region, Memory<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        CheckElementType<T>();
        CheckByteLength<T>(destination.Length, nameof(destination));
        return ReadBytesAsync(region, ByteViewMemory<T>.AsBytes(destination), cancellationToken);
    }

    /// <summary>Reads a region as raw elements in machine byte order, C order.</summary>
    public async ValueTask ReadBytesAsync(ArrayRegion region, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        region.EnsureWithin(Shape);
        var size = DataType.Size;
        if (destination.Length != region.ElementCount * size)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; region {region} of {DataType} needs {region.ElementCount * size}", nameof(destination));
        }

        if (region.ElementCount == 0)
        {
            return;
        }

        var pipeline = Pipeline;
        var view = new ArrayView(destination, [.. region.Shape], size);
        using var requests = new SemaphoreSlim(Concurrency);
        await Parallel.ForEachAsync(
            ChunksIn(region),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            (chunk, token) => ReadChunkIntoAsync(pipeline, chunk, view, requests, token)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads regions one after another as pooled buffers (the caller disposes each), reading the next region
    /// while the caller works on the current one.
    /// </summary>
    internal async IAsyncEnumerable<(ArrayRegion Region, PooledBuffer Data)> ReadAheadAsync(IReadOnlyList<ArrayRegion> regions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task<PooledBuffer>? next = regions.Count > 0 ? ReadPooledAsync(regions[0], cancellationToken) : null;
        try
        {
            for (var i = 0; i < regions.Count; i++)
            {
                var current = await next!.ConfigureAwait(false);
                next = i + 1 < regions.Count ? ReadPooledAsync(regions[i + 1], cancellationToken) : null;
                yield return (regions[i], current);
            }
        }
        finally
        {
            // The consumer stopped early (or failed): release the block read ahead.
            if (next is not null)
            {
                try
                {
                    (await next.ConfigureAwait(false)).Dispose();
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested || next.IsFaulted)
                {
                }
            }
        }
    }

    private async Task<PooledBuffer> ReadPooledAsync(ArrayRegion region, CancellationToken cancellationToken)
    {
        var buffer = PooledBuffer.Rent(region.ElementCount * DataType.Size, $"region {region}");
        try
        {
            await ReadBytesAsync(region, buffer.Memory, cancellationToken).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="source"/> (C order, the region's element count) to a region.</summary>
    public ValueTask WriteAsync<T>(ArrayRegion region, ReadOnlyMemory<T> source, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        CheckElementType<T>();
        CheckByteLength<T>(source.Length, nameof(source));
        var bytes = ByteViewMemory<T>.AsBytes(System.Runtime.InteropServices.MemoryMarshal.AsMemory(source));
        return WriteBytesAsync(region, bytes, cancellationToken);
    }

    /// <summary>Writes raw elements (machine byte order, C order) to a region.</summary>
    public async ValueTask WriteBytesAsync(ArrayRegion region, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        var store = Writable(Store);
        region.EnsureWithin(Shape);
        var size = DataType.Size;
        if (source.Length != region.ElementCount * size)
        {
            throw new ArgumentException($"source holds {source.Length} bytes; region {region} of {DataType} needs {region.ElementCount * size}", nameof(source));
        }

        if (region.ElementCount == 0)
        {
            return;
        }

        var pipeline = Pipeline;
        await Parallel.ForEachAsync(
            ChunksIn(region),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            (chunk, token) => WriteChunkFromAsync(store, pipeline, chunk, region, source, token)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one stored chunk (shard) whole, decoded, C order; null when it is not stored.
    /// </summary>
    public async ValueTask<byte[]?> ReadChunkAsync(long[] chunkCoordinates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkCoordinates);
        var key = ChunkKey(chunkCoordinates);
        using var encoded = await Store.GetAsync(key, default, cancellationToken).ConfigureAwait(false);
        if (encoded is null)
        {
            return null;
        }

        var pipeline = Pipeline;
        if (pipeline.Spec.ByteLength > Array.MaxLength)
        {
            throw new ZarrException($"chunk '{key}' decodes to {pipeline.Spec.ByteLength} bytes, more than one .NET array holds; read it in parts with ReadAsync");
        }

        var chunk = GC.AllocateUninitializedArray<byte>((int)pipeline.Spec.ByteLength);
        try
        {
            pipeline.Decode(encoded.Span, chunk);
        }
        catch (ZarrCodecException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }

        return chunk;
    }

    /// <summary>Deletes every stored chunk (the array then reads as its fill value). Needs a listable store.</summary>
    public async ValueTask ClearChunksAsync(CancellationToken cancellationToken = default)
    {
        var store = Writable(Store);
        if (Store is not IListableStore listable)
        {
            throw new InvalidOperationException($"the store {Store.Location} cannot list keys");
        }

        var metadataKeys = new HashSet<string>(StringComparer.Ordinal) { "zarr.json", ".zarray", ".zattrs" };
        var prefix = Path.Length == 0 ? "" : Path + "/";
        await foreach (var key in listable.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!metadataKeys.Contains(key[prefix.Length..]))
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal async ValueTask WriteMetadataAsync(ArrayMetadata metadata, CancellationToken cancellationToken)
    {
        var store = Writable(Store);
        if (metadata.ZarrFormat == ZarrFormat.V3)
        {
            await WriteJsonAsync(store, StoreKey.Join(Path, "zarr.json"), metadata.ToV3Json(), cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(store, StoreKey.Join(Path, ".zarray"), metadata.ToV2Json(), cancellationToken).ConfigureAwait(false);
        var zattrs = StoreKey.Join(Path, ".zattrs");
        if (metadata.Attributes.Count > 0)
        {
            await WriteJsonAsync(store, zattrs, metadata.Attributes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.DeleteAsync(zattrs, cancellationToken).ConfigureAwait(false);
        }
    }

    private void CheckElementType<T>()
        where T : unmanaged
    {
        if (!DataType.IsCompatibleWith<T>())
        {
            throw new ArgumentException($"the array holds {DataType}, which is not read as {typeof(T).Name}" + (DataType.ClrType is { } clr ? $" (use {clr.Name})" : " (use ReadBytesAsync)"));
        }
    }

    private static unsafe void CheckByteLength<T>(int length, string parameterName)
        where T : unmanaged
    {
        if ((long)length * sizeof(T) > Array.MaxLength)
        {
            throw new ArgumentException($"{length} {typeof(T).Name} elements are more than 2 GiB; read and write such regions in parts", parameterName);
        }
    }

    /// <summary>The chunks a region touches, with the part of each it covers.</summary>
    private IEnumerable<ChunkBox> ChunksIn(ArrayRegion region)
    {
        var rank = Rank;
        var chunkShape = _metadata.ChunkShape;
        var first = new long[rank];
        var last = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            first[d] = region.Start[d] / chunkShape[d];
            last[d] = (region.Start[d] + region.Shape[d] - 1) / chunkShape[d];
        }

        foreach (var coordinates in ChunkGrid.Enumerate(first, last))
        {
            yield return ChunkBox.Create(coordinates, chunkShape, Shape, region);
        }
    }

    private async ValueTask ReadChunkIntoAsync(CodecPipeline pipeline, ChunkBox chunk, ArrayView view, SemaphoreSlim requests, CancellationToken cancellationToken)
    {
        var key = ChunkKey(chunk.Coordinates);
        var source = new StoreByteRangeSource(Store, key, requests);
        try
        {
            if (pipeline.PartialDecoder is not null && (!chunk.CoversWholeChunk || pipeline.Spec.ByteLength > WholeShardReadLimit))
            {
                await pipeline.DecodePartialAsync(source, chunk.BoxStart, chunk.BoxShape, view, chunk.DestinationStart, Concurrency, cancellationToken).ConfigureAwait(false);
                return;
            }

            using var encoded = await source.ReadAsync(ByteRange.All, cancellationToken).ConfigureAwait(false);
            if (encoded is null)
            {
                StridedCopy.FillBox(view.Memory.Span, view.Shape, chunk.DestinationStart, chunk.BoxShape, _metadata.FillValue);
                return;
            }

            if (chunk.CoversWholeChunk && ChunkGrid.IsContiguousBox(view.Shape, chunk.DestinationStart, chunk.BoxShape))
            {
                // The chunk is one run of the destination: decode straight into it.
                var offset = (int)(ChunkGrid.LinearOffset(view.Shape, chunk.DestinationStart) * view.ElementSize);
                pipeline.Decode(encoded.Span, view.Memory.Span.Slice(offset, (int)pipeline.Spec.ByteLength));
                return;
            }

            using var decoded = PooledBuffer.Rent(pipeline.Spec.ByteLength, $"chunk '{key}'");
            pipeline.Decode(encoded.Span, decoded.Span);
            StridedCopy.CopyBox(decoded.Span, chunk.ChunkShape, chunk.BoxStart, view.Memory.Span, view.Shape, chunk.DestinationStart, chunk.BoxShape, view.ElementSize);
        }
        catch (ZarrCodecException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }
    }

    private async ValueTask WriteChunkFromAsync(IWritableStore store, CodecPipeline pipeline, ChunkBox chunk, ArrayRegion region, ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        var key = ChunkKey(chunk.Coordinates);
        var elementSize = DataType.Size;
        var fill = _metadata.FillValue;
        using var decoded = PooledBuffer.Rent(pipeline.Spec.ByteLength, $"writing chunk '{key}'");
        try
        {
            if (chunk.CoversStoredPart)
            {
                // Every element that exists in the array is overwritten: no need to read. Padding past
                // the array's edge gets the fill value, so an all-fill edge chunk is recognised as empty.
                if (chunk.IsEdge)
                {
                    fill.Fill(decoded.Span);
                }
            }
            else
            {
                using var existing = await store.GetAsync(key, default, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    fill.Fill(decoded.Span);
                }
                else
                {
                    pipeline.Decode(existing.Span, decoded.Span);
                }
            }

            StridedCopy.CopyBox(source.Span, [.. region.Shape], chunk.DestinationStart, decoded.Span, chunk.ChunkShape, chunk.BoxStart, chunk.BoxShape, elementSize);
            // A Zarr v2 null fill value means "no fill value": zarr-python reads missing chunks as uninitialised
            // memory, so every written chunk is kept.
            if (!Options.WriteEmptyChunks && !fill.IsNull && fill.IsFilledWith(decoded.Span))
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                return;
            }

            using var encoded = pipeline.Encode(decoded.Span);
            await store.SetAsync(key, encoded.Memory, cancellationToken).ConfigureAwait(false);
        }
        catch (ZarrCodecException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }
    }

    /// <summary>One chunk touched by a region: its grid coordinates and the box of it the region covers.</summary>
    private sealed record ChunkBox(long[] Coordinates, long[] ChunkShape, long[] BoxStart, long[] BoxShape, long[] DestinationStart, bool CoversWholeChunk, bool CoversStoredPart, bool IsEdge)
    {
        public static ChunkBox Create(long[] coordinates, ImmutableArray<int> chunkShape, ImmutableArray<long> arrayShape, ArrayRegion region)
        {
            var rank = coordinates.Length;
            var shape = new long[rank];
            var boxStart = new long[rank];
            var boxShape = new long[rank];
            var destinationStart = new long[rank];
            bool whole = true, stored = true, edge = false;
            for (var d = 0; d < rank; d++)
            {
                shape[d] = chunkShape[d];
                var origin = coordinates[d] * chunkShape[d];
                var from = Math.Max(origin, region.Start[d]);
                var to = Math.Min(origin + chunkShape[d], region.Start[d] + region.Shape[d]);
                boxStart[d] = from - origin;
                boxShape[d] = to - from;
                destinationStart[d] = from - region.Start[d];
                var inBounds = Math.Min(chunkShape[d], arrayShape[d] - origin);
                whole &= boxShape[d] == chunkShape[d];
                stored &= boxStart[d] == 0 && boxShape[d] == inBounds;
                edge |= inBounds < chunkShape[d];
            }

            return new ChunkBox(coordinates, shape, boxStart, boxShape, destinationStart, whole, stored, edge);
        }
    }
}
