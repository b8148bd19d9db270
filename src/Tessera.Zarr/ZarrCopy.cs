using Tessera.Zarr.Codecs;
using Tessera.Zarr.Indexing;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr;

/// <summary>
/// Copies arrays and groups between stores, re-encoding on the way: format (v2 ↔ v3), compressors,
/// chunk shape and sharding. Data moves in blocks of whole target chunks (or shards), so no chunk is
/// written twice and memory stays within <see cref="ZarrCopyOptions.MemoryBudget"/>.
/// </summary>
public static class ZarrCopy
{
    /// <summary>Copies a node (an array, or a group with everything below it) to <paramref name="targetPath"/> of <paramref name="target"/>.</summary>
    public static async ValueTask<ZarrNode> CopyAsync(ZarrNode source, IWritableStore target, string targetPath, ZarrCopyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        return source switch
        {
            ZarrArray array => await CopyArrayAsync(array, target, targetPath, options, cancellationToken).ConfigureAwait(false),
            ZarrGroup group => await CopyGroupAsync(group, target, targetPath, options, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"cannot copy a {source.GetType().Name}", nameof(source)),
        };
    }

    /// <summary>The metadata an array gets at the target under <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options do not fit the array (rank, v2 with shards, shards not a multiple of chunks).</exception>
    public static ArrayMetadata TargetMetadata(ArrayMetadata source, ZarrCopyOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var format = options.ZarrFormat ?? source.ZarrFormat;
        var chunks = options.ChunkShape?.ToArray() ?? [.. source.InnerChunkShape];
        int[]? shards = options.ShardShape is { } requested
            ? (requested.Count == 0 ? null : [.. requested])
            : source.Sharding is not null && format == ZarrFormat.V3 ? [.. source.ChunkShape] : null;
        if (chunks.Length != source.Rank)
        {
            throw new ArgumentException($"chunk shape [{string.Join(", ", chunks)}] has {chunks.Length} dimensions, the array has {source.Rank}");
        }

        if (shards is not null)
        {
            if (format == ZarrFormat.V2)
            {
                throw new ArgumentException("sharding needs Zarr v3");
            }

            if (shards.Length != source.Rank || shards.Zip(chunks).Any(p => p.First % p.Second != 0))
            {
                throw new ArgumentException($"shard shape [{string.Join(", ", shards)}] must have {source.Rank} dimensions, each a multiple of the chunk shape [{string.Join(", ", chunks)}]");
            }
        }

        var compressors = options.Compressors ?? SourceCompressors(source);
        Codec[] inner = [new BytesCodec(Endianness.Little), .. compressors];
        return new ArrayMetadata(source.Shape, shards ?? chunks, source.DataType)
        {
            ZarrFormat = format,
            FillValue = source.FillValue.IsNull && format == ZarrFormat.V3 ? FillValue.Zero(source.DataType) : source.FillValue,
            ChunkKeyEncoding = format == ZarrFormat.V3
                ? ChunkKeyEncoding.Default
                : source.ZarrFormat == ZarrFormat.V2 ? source.ChunkKeyEncoding : ChunkKeyEncoding.V2Dot,
            Codecs = shards is null ? [.. inner] : [new ShardingCodec(chunks, inner)],
            DimensionNames = format == ZarrFormat.V3 ? source.DimensionNames : null,
            Attributes = source.Attributes,
        };
    }

    /// <summary>Copies one array's metadata and data.</summary>
    public static ValueTask<ZarrArray> CopyArrayAsync(ZarrArray source, IWritableStore target, string targetPath, ZarrCopyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CopyArrayAsync(source, target, targetPath, TargetMetadata(source.Metadata, options), options, cancellationToken);
    }

    /// <summary>
    /// Copies one array's data into a new array with exactly <paramref name="metadata"/> (same shape and data type
    /// as the source; a layer above may add dimension names or attributes to what <see cref="TargetMetadata"/> gives).
    /// </summary>
    /// <exception cref="ArgumentException">The shape or data type differs from the source's.</exception>
    public static async ValueTask<ZarrArray> CopyArrayAsync(ZarrArray source, IWritableStore target, string targetPath, ArrayMetadata metadata, ZarrCopyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        if (!metadata.Shape.SequenceEqual(source.Shape) || !metadata.DataType.Equals(source.DataType))
        {
            throw new ArgumentException($"the target metadata ({metadata.DataType.Name} [{string.Join(", ", metadata.Shape)}]) must keep the source's shape and data type ({source.DataType.Name} [{string.Join(", ", source.Shape)}])", nameof(metadata));
        }

        var destination = await ZarrArray.CreateAsync(target, targetPath, metadata, null, options.Overwrite, cancellationToken).ConfigureAwait(false);
        var total = source.Shape.Aggregate(1L, (a, b) => a * b);
        var blocks = BlockPlan.Aligned(source.Shape, metadata.ChunkShape, source.DataType.Size, options.MemoryBudget).ToList();
        long done = 0;
        await foreach (var (region, block) in source.ReadAheadAsync(blocks, cancellationToken).ConfigureAwait(false))
        {
            using (block)
            {
                await destination.WriteBytesAsync(region, block.Memory, cancellationToken).ConfigureAwait(false);
            }

            done += region.ElementCount;
            options.Progress?.Report(new ZarrCopyProgress(destination.Path, done, total));
        }

        return destination;
    }

    private static async ValueTask<ZarrGroup> CopyGroupAsync(ZarrGroup source, IWritableStore target, string targetPath, ZarrCopyOptions options, CancellationToken cancellationToken)
    {
        if (!source.CanListChildren)
        {
            throw new ZarrException($"{source.Store.Location}: cannot list the children of group '{source.Path}' (the store cannot list and the group has no consolidated metadata)");
        }

        var format = options.ZarrFormat ?? source.ZarrFormat;
        var group = await ZarrGroup.CreateAsync(target, targetPath, format, source.Attributes, options.Overwrite, cancellationToken).ConfigureAwait(false);
        foreach (var name in await source.ListChildrenAsync(cancellationToken).ConfigureAwait(false))
        {
            var child = await source.OpenChildAsync(name, null, cancellationToken).ConfigureAwait(false);
            var childOptions = child is ZarrArray array ? ForRank(options, array.Rank) : options;
            await CopyAsync(child, target, StoreKey.Join(group.Path, name), childOptions, cancellationToken).ConfigureAwait(false);
        }

        return group;
    }

    /// <summary>
    /// In a hierarchy, chunk and shard shapes apply to the arrays of their rank; arrays of another rank (a 1-D
    /// table beside 5-D images, say) keep their own layout. Copying one array of another rank stays an error.
    /// </summary>
    private static ZarrCopyOptions ForRank(ZarrCopyOptions options, int rank) => options with
    {
        ChunkShape = options.ChunkShape is { } chunks && chunks.Count != rank ? null : options.ChunkShape,
        ShardShape = options.ShardShape is { Count: > 0 } shards && shards.Count != rank ? null : options.ShardShape,
    };

    private static IReadOnlyList<BytesToBytesCodec> SourceCompressors(ArrayMetadata source)
    {
        var chain = source.Sharding?.Codecs ?? source.Codecs;
        return [.. chain.SkipWhile(codec => codec is not ArrayToBytesCodec).Skip(1).Select(codec => codec as BytesToBytesCodec
            ?? throw new ZarrUnsupportedException("codec", codec.Name))];
    }
}
