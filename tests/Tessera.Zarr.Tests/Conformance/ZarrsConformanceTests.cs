using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;
using Xunit.Abstractions;

namespace Tessera.Zarr.Tests.Conformance;

/// <summary>
/// The arrays zarr-python wrote for the zarrs project (../shared/conformance/zarrs): every supported one
/// reads as 0..N-1 in C order, as their README documents, and round-trips through Tessera's writer;
/// the ones using codecs we do not implement fail with "unsupported codec 'name'".
/// </summary>
public sealed class ZarrsConformanceTests(ITestOutputHelper output)
{
    // Codecs the data uses that Tessera does not implement, by array directory.
    private static readonly Dictionary<string, string> Unsupported = new()
    {
        ["v2/array_pcodec_C.zarr"] = "pcodec",
        ["v2/array_zfpy_C.zarr"] = "zfpy",
        ["v3/array_pcodec.zarr"] = "numcodecs.pcodec",
        ["v3/array_zfpy.zarr"] = "numcodecs.zfpy",
        ["v3_zarr_python/array_pcodec.zarr"] = "numcodecs.pcodec",
        ["v3_zarr_python/array_zfpy.zarr"] = "numcodecs.zfpy",
    };

    // Arrays of non-numeric data types, which fail with "unsupported data type".
    private static readonly Dictionary<string, string> UnsupportedDataTypes = new()
    {
        ["v3/cities.zarr"] = "string",
        ["v3/array_optional.zarr/array"] = "optional",
        ["v3/array_optional_nested.zarr/array"] = "optional",
    };

    public static TheoryData<string> ArangeArrays()
    {
        var data = new TheoryData<string>();
        if (ConformanceData.Directory is null)
        {
            data.Add("(conformance data absent)");
            return data;
        }

        foreach (var folder in new[] { "v2", "v3", "v3_zarr_python" })
        {
            foreach (var directory in Directory.EnumerateDirectories(ConformanceData.PathOf("zarrs", folder)).Order(StringComparer.Ordinal))
            {
                var name = $"{folder}/{Path.GetFileName(directory)}";
                if (!UnsupportedDataTypes.Keys.Any(k => k.StartsWith(name, StringComparison.Ordinal)))
                {
                    data.Add(name);
                }
            }
        }

        return data;
    }

    [ConformanceTheory]
    [MemberData(nameof(ArangeArrays))]
    public async Task Array_reads_its_documented_values_or_names_the_unsupported_codec(string name)
    {
        var store = new FileSystemStore(ConformanceData.PathOf("zarrs", name));
        var array = await ZarrArray.OpenAsync(store);
        if (Unsupported.TryGetValue(name, out var codec))
        {
            var error = await Assert.ThrowsAsync<ZarrUnsupportedException>(async () => await array.ReadBytesAsync(ArrayRegion.Full(array.Shape), new byte[array.Shape.Aggregate(1L, (a, b) => a * b) * array.DataType.Size]));
            Assert.StartsWith($"unsupported codec '{codec}'", error.Message);
            output.WriteLine($"{name}: {error.Message}");
            return;
        }

        Assert.Equal(DataType.Float32, array.DataType);
        var values = await array.ReadAsync<float>(ArrayRegion.Full(array.Shape));
        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => (float)i), values);

        // Written back with the same metadata and re-read: the same values.
        var copy = new MemoryStore();
        var written = await ZarrArray.CreateAsync(copy, "", array.Metadata);
        await written.WriteAsync<float>(ArrayRegion.Full(array.Shape), values);
        var reread = await (await ZarrArray.OpenAsync(copy)).ReadAsync<float>(ArrayRegion.Full(array.Shape));
        Assert.Equal(values, reread);
        output.WriteLine($"{name}: {values.Length} values, codecs {string.Join(" → ", array.Metadata.Codecs)}; {copy.Count} keys written back");
    }

    [ConformanceTheory]
    [InlineData("v3/cities.zarr", "string")]
    [InlineData("v3/array_optional.zarr/array", "optional")]
    [InlineData("v3/array_optional_nested.zarr/array", "optional")]
    public async Task Non_numeric_data_types_fail_with_a_clear_message(string name, string dataType)
    {
        var store = new FileSystemStore(ConformanceData.PathOf("zarrs", name));
        var error = await Assert.ThrowsAsync<ZarrUnsupportedException>(async () => await ZarrArray.OpenAsync(store));
        Assert.Contains($"unsupported data type '{dataType}'", error.Message);
        Assert.Contains("zarr.json", error.Message);
    }
}
