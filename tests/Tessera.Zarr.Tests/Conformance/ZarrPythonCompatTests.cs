using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Conformance;

/// <summary>
/// The numeric arrays of ../shared/conformance/zarrs/zarr_python_compat (written by zarr-python for the zarrs
/// project): checksummed chunks, null fill values, numpy datetime64/timedelta64 in every unit. Expected values
/// come from what the arrays denote — the calendar instants and durations zarr-python stored, or the raw bytes
/// of uncompressed chunk files — not from Tessera's own decoding.
/// </summary>
public sealed class ZarrPythonCompatTests
{
    private static string PathOf(string name) => ConformanceData.PathOf("zarrs", "zarr_python_compat", name);

    [ConformanceTheory]
    [InlineData("adler32.zarr")]
    [InlineData("fletcher32.zarr")]
    public async Task Checksummed_arrays_hold_zero_to_n(string name)
    {
        var array = await ZarrArray.OpenAsync(new FileSystemStore(PathOf(name)));
        Assert.Equal(DataType.UInt16, array.DataType);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (ushort)i), await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));
    }

    [ConformanceTheory]
    [InlineData("bool_v2_fv_null.zarr")]
    [InlineData("int_v2_fv_null.zarr")]
    [InlineData("float_v2_fv_null.zarr")]
    public async Task Null_fill_arrays_read_stored_chunks_exactly_and_missing_ones_as_zero(string name)
    {
        // Uncompressed 1-D arrays of 5 elements in chunks of 2: stored chunks are the raw little-endian elements.
        var array = await ZarrArray.OpenAsync(new FileSystemStore(PathOf(name)));
        Assert.True(array.Metadata.FillValue.IsNull);
        var size = array.DataType.Size;
        var bytes = new byte[5 * size];
        await array.ReadBytesAsync(ArrayRegion.Full(array.Shape), bytes);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var file = Path.Combine(PathOf(name), chunk.ToString());
            var elements = Math.Min(2, 5 - 2 * chunk);
            var expected = File.Exists(file) ? File.ReadAllBytes(file)[..(elements * size)] : new byte[elements * size];
            Assert.Equal(expected, bytes.AsSpan(2 * chunk * size, elements * size).ToArray());
        }
    }

    public static TheoryData<string, string, int> DateTimes() => new()
    {
        { "datetime64[Y].zarr", "Y", 1 }, { "datetime64[W].zarr", "W", 1 }, { "datetime64[D].zarr", "D", 1 },
        { "datetime64[h].zarr", "h", 1 }, { "datetime64[m].zarr", "m", 1 }, { "datetime64[s].zarr", "s", 1 },
        { "datetime64[ms].zarr", "ms", 1 }, { "datetime64[10ms].zarr", "ms", 10 }, { "datetime64[us].zarr", "us", 1 },
        { "datetime64[10us].zarr", "us", 10 }, { "datetime64[ns].zarr", "ns", 1 },
    };

    [ConformanceTheory]
    [MemberData(nameof(DateTimes))]
    public async Task Datetimes_are_counts_of_their_unit_since_the_epoch_with_NaT_fill(string name, string unit, int scale)
    {
        var array = await ZarrArray.OpenAsync(new FileSystemStore(PathOf(name)));
        Assert.Equal(DataTypeKind.DateTime, array.DataType.Kind);
        Assert.Equal(unit, array.DataType.Unit);
        Assert.Equal(scale, array.DataType.ScaleFactor);

        // zarr-python stored: the epoch, NaT, 2005-02-03, 2005-02-03T04:05, 2005-02-03T04:05:06; the sixth
        // element's chunk is not stored and reads as the NaT fill value.
        DateTime?[] instants = [DateTime.UnixEpoch, null, new(2005, 2, 3), new(2005, 2, 3, 4, 5, 0), new(2005, 2, 3, 4, 5, 6), null];
        var expected = instants.Select(t => t is { } instant ? CountOf(instant, unit) / scale : long.MinValue).ToArray();
        Assert.Equal(expected, await array.ReadAsync<long>(ArrayRegion.Full(array.Shape)));
    }

    public static TheoryData<string, long, int> TimeDeltas() => new()
    {
        { "timedelta64[ms].zarr", 1_000, 1 }, { "timedelta64[10ms].zarr", 1_000, 10 }, { "timedelta64[us].zarr", 1_000_000, 1 },
        { "timedelta64[10us].zarr", 1_000_000, 10 }, { "timedelta64[ns].zarr", 1_000_000_000, 1 }, { "timedelta64[ps].zarr", 1_000_000_000_000, 1 },
    };

    [ConformanceTheory]
    [MemberData(nameof(TimeDeltas))]
    public async Task Timedeltas_are_counts_of_their_unit(string name, long perSecond, int scale)
    {
        var array = await ZarrArray.OpenAsync(new FileSystemStore(PathOf(name)));
        Assert.Equal(DataTypeKind.TimeDelta, array.DataType.Kind);

        // 365 days, 2 weeks, 3 days, 4 hours, 5 minutes, 6–9 seconds and zero; the 11th element is NaT fill.
        // numpy wraps on overflow (a year in picoseconds does not fit 64 bits), and so does this arithmetic.
        long[] seconds = [365 * 86_400, 14 * 86_400, 3 * 86_400, 4 * 3_600, 5 * 60, 6, 7, 8, 9, 0];
        var expected = seconds.Select(s => unchecked(s * perSecond) / scale).Append(long.MinValue).ToArray();
        Assert.Equal(expected, await array.ReadAsync<long>(ArrayRegion.Full(array.Shape)));
    }

    [ConformanceTheory]
    [InlineData("cities_v2.zarr", "|O")]
    [InlineData("cities_v3.zarr", "string")]
    [InlineData("str_v2_fv_0.zarr", "|O")]
    [InlineData("fixed_length_utf32_v2_le.zarr", "<U4")]
    [InlineData("fixed_length_utf32_v3_le.zarr", "fixed_length_utf32")]
    [InlineData("v3_bytes.zarr", "variable_length_bytes")]
    public async Task String_and_byte_arrays_fail_naming_their_data_type(string name, string dataType)
    {
        var error = await Assert.ThrowsAsync<ZarrUnsupportedException>(async () => await ZarrArray.OpenAsync(new FileSystemStore(PathOf(name))));
        Assert.Contains($"unsupported data type '{dataType}'", error.Message);
    }

    private static long CountOf(DateTime instant, string unit)
    {
        var since = instant - DateTime.UnixEpoch;
        return unit switch
        {
            "Y" => instant.Year - 1970,
            "W" => (long)Math.Floor(since.TotalDays / 7),
            "D" => (long)Math.Floor(since.TotalDays),
            "h" => (long)Math.Floor(since.TotalHours),
            "m" => (long)Math.Floor(since.TotalMinutes),
            "s" => since.Ticks / TimeSpan.TicksPerSecond,
            "ms" => since.Ticks / TimeSpan.TicksPerMillisecond,
            "us" => since.Ticks / 10,
            "ns" => since.Ticks * 100,
            _ => throw new ArgumentOutOfRangeException(nameof(unit)),
        };
    }
}
