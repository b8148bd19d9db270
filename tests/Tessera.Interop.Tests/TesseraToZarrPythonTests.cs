using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Fixtures;

namespace Tessera.Interop.Tests;

/// <summary>
/// Tessera writes v2 arrays with every compressor, dtype, order and separator; zarr-python 2.13 must read
/// the values Tessera wrote and understand the metadata as Tessera meant it.
/// </summary>
public sealed class TesseraToZarrPythonTests(TesseraWritesV2Fixture fixture) : IClassFixture<TesseraWritesV2Fixture>
{
    public static TheoryData<string> MatrixCases => new(V2Catalog.Matrix.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(MatrixCases))]
    public void Zarr_python_reads_the_values_Tessera_wrote(string name)
    {
        var testCase = V2Catalog.Matrix.Single(c => c.Name == name);
        var run = fixture.Run;
        var writeError = fixture.WriteError(testCase.PathInRoot);
        Assert.True(writeError is null, $"Tessera could not write case {name}: {writeError}");

        var report = run[name];
        var mismatch = PeerComparison.Mismatch(name, "zarr-python", report, testCase.Type.Numpy, testCase.Expected(), expected: null);
        Assert.True(mismatch is null, mismatch);

        Assert.Equal(testCase.Order.ToString(), report.Raw["order"]!.GetValue<string>());
        Assert.Equal(testCase.Separator.ToString(), report.Raw["separator"]!.GetValue<string>());
        if (testCase.Compressor.Numcodecs is not { } intended)
        {
            Assert.Null(report.Raw["compressor"]);
            return;
        }

        var understood = report.Raw["compressor"] as JsonObject;
        Assert.NotNull(understood);
        foreach (var (key, value) in intended)
        {
            Assert.True(
                JsonNode.DeepEquals(value, understood[key]),
                $"case {name}: zarr-python reads compressor {key} = {understood[key]?.ToJsonString() ?? "(absent)"}, Tessera meant {value?.ToJsonString()}; whole config {understood.ToJsonString()}");
        }
    }
}
