using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Fixtures;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Storage;

namespace Tessera.Interop.Tests;

/// <summary>
/// zarr-python 2.13 (Debian) writes v2 arrays with every compressor, dtype, order and separator; Tessera
/// must read exactly the values zarr-python holds.
/// </summary>
public sealed class ZarrPythonToTesseraTests(ZarrPythonWritesFixture fixture) : IClassFixture<ZarrPythonWritesFixture>
{
    public static TheoryData<string> MatrixCases => new(V2Catalog.Matrix.Select(c => c.Name));

    public static TheoryData<string> FillCases => new(V2Catalog.FillCases.Select(c => c.Name));

    [Fact]
    public void The_writer_is_Debian_zarr_python_2_13_with_numcodecs_0_11()
    {
        var peer = fixture.Run.Peer;
        Assert.NotNull(peer);
        Assert.StartsWith("2.13.", peer["zarr"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("0.11.", peer["numcodecs"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MatrixCases))]
    public async Task Tessera_reads_the_values_zarr_python_wrote(string name)
    {
        var testCase = V2Catalog.Matrix.Single(c => c.Name == name);
        var report = fixture.Run[name];
        Assert.True(report.Ok, $"zarr-python could not write case {name}:\n{report.Error}");

        var array = await ZarrArray.OpenAsync(new FileSystemStore(Path.Combine(fixture.DataRoot, testCase.PathInRoot)));

        // The metadata means what zarr-python meant: chunk keys with its separator, F order as a transpose.
        Assert.Equal(testCase.Separator, array.Metadata.ChunkKeyEncoding.Separator);
        Assert.Equal(testCase.Order == 'F', array.Metadata.Codecs[0] is TransposeCodec);

        var values = await ArrayValues.ReadAsync(array, testCase.Type);
        var mismatch = PeerComparison.Mismatch(name, "zarr-python", report, testCase.Type.Numpy, values, testCase.Expected());
        Assert.True(mismatch is null, mismatch);
    }

    [Theory]
    [MemberData(nameof(FillCases))]
    public async Task Tessera_reads_the_fill_value_where_zarr_python_stored_no_chunk(string name)
    {
        var testCase = V2Catalog.FillCases.Single(c => c.Name == name);
        var report = fixture.Run[name];
        Assert.True(report.Ok, $"zarr-python could not write case {name}:\n{report.Error}");

        // The case is only meaningful if chunks really are missing: (1, 1) was never written.
        var keys = report.Raw["chunk_keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var missing = $"1{testCase.Separator}1";
        Assert.DoesNotContain(missing, keys);
        Assert.Contains($"0{testCase.Separator}1", keys);

        var array = await ZarrArray.OpenAsync(new FileSystemStore(Path.Combine(fixture.DataRoot, testCase.PathInRoot)));
        var values = await ArrayValues.ReadAsync(array, testCase.Type);
        var mismatch = PeerComparison.Mismatch(name, "zarr-python", report, testCase.Type.Numpy, values, testCase.Expected());
        Assert.True(mismatch is null, mismatch);

        // And, said plainly: an element of the missing chunk (1, 1) reads as the fill value.
        var flat = (8 * testCase.Shape[1]) + 10;
        Assert.Equal(testCase.Type.Create(1, _ => testCase.FillValue).GetValue(0), values.Values.GetValue(flat));
    }
}
