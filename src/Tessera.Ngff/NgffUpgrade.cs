using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// Upgrades an OME-Zarr hierarchy (0.4, or older where readable) to 0.5 in a new store: metadata rewritten into
/// the <c>ome</c> block, level arrays re-encoded as Zarr v3 with <c>dimension_names</c>, optionally sharded.
/// Follows what the metadata references — levels, labels, wells, fields, series and OME/METADATA.ome.xml — so
/// the result holds exactly the OME-Zarr content of the source.
/// </summary>
public static class NgffUpgrade
{
    /// <summary>Upgrades the hierarchy at <paramref name="sourcePath"/> of <paramref name="source"/> into <paramref name="target"/>.</summary>
    /// <returns>The number of groups and arrays written.</returns>
    /// <exception cref="NgffInvalidException">The source does not validate (its metadata must be readable to be rewritten).</exception>
    public static async Task<(int Groups, int Arrays)> UpgradeAsync(IStore source, string sourcePath, IWritableStore target, string targetPath, NgffUpgradeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new NgffUpgradeOptions();
        if (options.TargetVersion < NgffVersion.V0_5)
        {
            throw new ArgumentException($"upgrade writes 0.5 or later, not {options.TargetVersion.ToText()}", nameof(options));
        }

        var report = await NgffValidator.ValidateAsync(source, sourcePath, new NgffValidationOptions { MetadataOnly = true }, cancellationToken).ConfigureAwait(false);
        if (!report.Valid)
        {
            throw new NgffInvalidException(source.Location, report);
        }

        var run = new Run(source, target, options);
        await run.CopyNodeAsync(StoreKey.NormalizePath(sourcePath), StoreKey.NormalizePath(targetPath), cancellationToken).ConfigureAwait(false);
        return (run.Groups, run.Arrays);
    }

    private sealed class Run(IStore source, IWritableStore target, NgffUpgradeOptions options)
    {
        public int Groups { get; private set; }

        public int Arrays { get; private set; }

        public async Task CopyNodeAsync(string from, string to, CancellationToken cancellationToken)
        {
            var node = await NgffNode.OpenAsync(source, from, cancellationToken).ConfigureAwait(false);
            var metadata = node.Metadata;
            await NgffWriter.WriteGroupAsync(target, to, metadata, options.TargetVersion, options.Overwrite, node.Attributes, cancellationToken).ConfigureAwait(false);
            Groups++;

            if (metadata.Multiscales is { } multiscales)
            {
                foreach (var multiscale in multiscales)
                {
                    foreach (var dataset in multiscale.Datasets)
                    {
                        await CopyLevelAsync(StoreKey.Join(from, dataset.Path), StoreKey.Join(to, dataset.Path), multiscale.Axes, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (metadata.ImageLabel is null && await ExistsAsync(StoreKey.Join(from, "labels"), cancellationToken).ConfigureAwait(false))
                {
                    await CopyNodeAsync(StoreKey.Join(from, "labels"), StoreKey.Join(to, "labels"), cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var child in metadata.Labels ?? [])
            {
                await CopyNodeAsync(StoreKey.Join(from, child), StoreKey.Join(to, child), cancellationToken).ConfigureAwait(false);
            }

            foreach (var well in metadata.Plate?.Wells ?? [])
            {
                var wellFrom = StoreKey.Join(from, well.Path);
                if (await ExistsAsync(wellFrom, cancellationToken).ConfigureAwait(false))
                {
                    await EnsureRowGroupAsync(StoreKey.Join(to, well.Path.Split('/')[0]), cancellationToken).ConfigureAwait(false);
                    await CopyNodeAsync(wellFrom, StoreKey.Join(to, well.Path), cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var field in metadata.Well?.Images ?? [])
            {
                await CopyNodeAsync(StoreKey.Join(from, field.Path), StoreKey.Join(to, field.Path), cancellationToken).ConfigureAwait(false);
            }

            if (metadata.Bioformats2RawLayout is not null && metadata.Plate is null)
            {
                await CopyCollectionAsync(node, to, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task CopyCollectionAsync(NgffNode collection, string to, CancellationToken cancellationToken)
        {
            var omeFrom = StoreKey.Join(collection.Path, "OME");
            if (await ExistsAsync(omeFrom, cancellationToken).ConfigureAwait(false))
            {
                var ome = await NgffNode.OpenAsync(source, omeFrom, cancellationToken).ConfigureAwait(false);
                await NgffWriter.WriteGroupAsync(target, StoreKey.Join(to, "OME"), ome.Metadata, options.TargetVersion, options.Overwrite, ome.Attributes, cancellationToken).ConfigureAwait(false);
                Groups++;
                var xmlKey = StoreKey.Join(omeFrom, "METADATA.ome.xml");
                if (await source.GetAsync(xmlKey, ByteRange.All, cancellationToken).ConfigureAwait(false) is { } xml)
                {
                    using (xml)
                    {
                        await target.SetAsync(StoreKey.Join(StoreKey.Join(to, "OME"), "METADATA.ome.xml"), xml.Memory, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            foreach (var image in await collection.ListSeriesAsync(cancellationToken).ConfigureAwait(false))
            {
                await CopyNodeAsync(StoreKey.Join(collection.Path, image), StoreKey.Join(to, image), cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task CopyLevelAsync(string from, string to, IReadOnlyList<Axis> axes, CancellationToken cancellationToken)
        {
            var array = await ZarrArray.OpenAsync(source, from, null, cancellationToken).ConfigureAwait(false);
            var chunks = array.Metadata.InnerChunkShape;
            IReadOnlyList<int>? shards = options.ShardShape is { } shape && shape.Count == array.Metadata.Rank
                ? [.. shape.Select((s, d) => (int)Math.Min(s, RoundUp(array.Metadata.Shape[d], chunks[d])))]
                : options.ShardChunksPerSide is { } k && array.Metadata.Rank >= 2
                    ? [.. chunks.Select((c, d) => d >= array.Metadata.Rank - 2 ? (int)Math.Min((long)c * k, RoundUp(array.Metadata.Shape[d], c)) : c)]
                    : null;
            var copyOptions = new ZarrCopyOptions
            {
                ZarrFormat = NgffWriter.FormatOf(options.TargetVersion),
                ChunkShape = chunks,
                ShardShape = shards ?? [],
                Compressors = options.Compressors,
                Overwrite = options.Overwrite,
                Progress = options.Progress,
            };
            var metadata = NgffWriter.LevelMetadata(ZarrCopy.TargetMetadata(array.Metadata, copyOptions), axes, options.TargetVersion);
            await ZarrCopy.CopyArrayAsync(array, target, to, metadata, copyOptions, cancellationToken).ConfigureAwait(false);
            Arrays++;
        }

        private async Task EnsureRowGroupAsync(string path, CancellationToken cancellationToken)
        {
            if (!await target.ExistsAsync(StoreKey.Join(path, "zarr.json"), cancellationToken).ConfigureAwait(false))
            {
                await ZarrGroup.CreateAsync(target, path, NgffWriter.FormatOf(options.TargetVersion), null, options.Overwrite, cancellationToken).ConfigureAwait(false);
                Groups++;
            }
        }

        private async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
            await source.ExistsAsync(StoreKey.Join(path, "zarr.json"), cancellationToken).ConfigureAwait(false)
            || await source.ExistsAsync(StoreKey.Join(path, ".zattrs"), cancellationToken).ConfigureAwait(false)
            || await source.ExistsAsync(StoreKey.Join(path, ".zgroup"), cancellationToken).ConfigureAwait(false);

        private static long RoundUp(long value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}
