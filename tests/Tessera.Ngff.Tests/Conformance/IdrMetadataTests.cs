using Tessera.Zarr.Storage;
using Xunit.Abstractions;

namespace Tessera.Ngff.Tests.Conformance;

/// <summary>Real IDR metadata (no chunks, often no array metadata): every node parses and metadata-only validation passes.</summary>
public sealed class IdrMetadataTests(ITestOutputHelper output)
{
    public static TheoryData<string> Roots()
    {
        var data = new TheoryData<string>();
        if (ConformanceData.Directory is not null)
        {
            foreach (var version in new[] { "v04", "v05" })
            {
                foreach (var root in Directory.GetDirectories(ConformanceData.PathOf("idr-metadata", version)).Order(StringComparer.Ordinal))
                {
                    data.Add($"{version}/{Path.GetFileName(root)}");
                }
            }
        }
        else
        {
            data.Add("(absent)");
        }

        return data;
    }

    [ConformanceTheory]
    [MemberData(nameof(Roots))]
    public async Task Metadata_only_validation_passes(string root)
    {
        var store = new FileSystemStore(ConformanceData.PathOf("idr-metadata", root));
        var report = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions { MetadataOnly = true });
        foreach (var problem in report.Problems)
        {
            output.WriteLine(problem.ToString());
        }

        output.WriteLine($"{root}: {report.Kind} {report.Version?.ToText()}, {report.NodesChecked} nodes");
        Assert.True(report.Valid);
        Assert.NotEqual(NgffKind.None, report.Kind);
        Assert.Equal(root.StartsWith("v04", StringComparison.Ordinal) ? NgffVersion.V0_4 : NgffVersion.V0_5, report.Version);
    }

    [ConformanceFact]
    public async Task Every_metadata_document_parses_into_the_model()
    {
        var documents = Directory.GetFiles(ConformanceData.PathOf("idr-metadata"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "zarr.json" or ".zattrs").Order(StringComparer.Ordinal).ToList();
        var kinds = new Dictionary<NgffKind, int>();
        foreach (var file in documents)
        {
            var directory = Path.GetDirectoryName(file)!;
            var node = await NgffNode.OpenAsync(new FileSystemStore(directory));
            Assert.True(node.Problems.All(p => p.Severity != NgffSeverity.Error), $"{file}: {string.Join("; ", node.Problems)}");
            Assert.NotEqual(NgffKind.None, node.Kind);
            kinds[node.Kind] = kinds.GetValueOrDefault(node.Kind) + 1;
            if (node.Metadata.Multiscale is { } multiscale)
            {
                Assert.All(multiscale.Datasets, d => Assert.NotNull(d.Scale));
                Assert.Equal(multiscale.Axes.Count, multiscale.Datasets[0].Scale!.Count);
            }
        }

        output.WriteLine($"{documents.Count} documents: " + string.Join(", ", kinds.Select(k => $"{k.Value} {k.Key}")));
        Assert.True(documents.Count >= 30);
    }
}
