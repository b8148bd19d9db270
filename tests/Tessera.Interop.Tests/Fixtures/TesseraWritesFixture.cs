using System.Collections.Concurrent;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>Tessera's side of the directions where Tessera writes and a peer reads.</summary>
public abstract class TesseraWritesFixture : PeerFixture
{
    private readonly ConcurrentDictionary<string, Exception> _writeErrors = new(StringComparer.Ordinal);

    private protected TesseraWritesFixture(string purpose)
        : base(purpose)
    {
    }

    /// <summary>Why Tessera could not write a case, or null when it did.</summary>
    internal Exception? WriteError(string name) => _writeErrors.GetValueOrDefault(name);

    /// <summary>
    /// Writes each array into its own directory below <paramref name="dataRoot"/>. A failing case is
    /// recorded, not thrown, so that the peer still reads the others and the failure is reported by name.
    /// </summary>
    private protected async Task WriteAllAsync(string dataRoot, IEnumerable<(string Path, ArrayMetadata Metadata, Func<ZarrArray, ValueTask> Write)> arrays)
    {
        await Parallel.ForEachAsync(
            arrays,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (array, _) =>
            {
                try
                {
                    var store = new FileSystemStore(Path.Combine(dataRoot, array.Path));
                    var created = await ZarrArray.CreateAsync(store, "", array.Metadata);
                    await array.Write(created);
                }
                catch (Exception e)
                {
                    _writeErrors[array.Path] = e;
                }
            });
    }
}
