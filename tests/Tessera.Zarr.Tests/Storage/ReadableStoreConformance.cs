using System.Text;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>
/// The contract every store implementation must meet for reading. Each store's test class derives from this
/// (or from <see cref="WritableStoreConformance"/>) and says how to build a store holding given values.
/// </summary>
public abstract class ReadableStoreConformance
{
    protected static readonly IReadOnlyDictionary<string, byte[]> Sample = new Dictionary<string, byte[]>
    {
        ["zarr.json"] = Encoding.UTF8.GetBytes("{\"zarr_format\": 3, \"node_type\": \"group\"}"),
        ["a/zarr.json"] = Encoding.UTF8.GetBytes("{}"),
        ["a/c/0/0"] = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray(),
        ["a/c/0/1"] = [1, 2, 3],
        ["a/c/1/0"] = [],
        ["b/x.y/deep/key"] = Encoding.UTF8.GetBytes("deep"),
        ["µm/ünïcode"] = Encoding.UTF8.GetBytes("unicode"),
    };

    /// <summary>Builds a store that holds exactly <paramref name="contents"/>.</summary>
    protected abstract Task<IStore> CreateStoreAsync(IReadOnlyDictionary<string, byte[]> contents);

    [Fact]
    public async Task Get_returns_each_whole_value()
    {
        var store = await CreateStoreAsync(Sample);
        foreach (var (key, value) in Sample)
        {
            using var got = await store.GetAsync(key);
            Assert.NotNull(got);
            Assert.Equal(value, got.Span.ToArray());
        }
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_null_not_an_exception()
    {
        var store = await CreateStoreAsync(Sample);
        Assert.Null(await store.GetAsync("a/c/9/9"));
        Assert.Null(await store.GetAsync("nothing"));
        Assert.Null(await store.GetAsync("a/c/0/0/below-a-value"));
    }

    [Fact]
    public async Task Get_of_a_prefix_is_null()
    {
        var store = await CreateStoreAsync(Sample);
        Assert.Null(await store.GetAsync("a/c"));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(990, 10)]
    [InlineData(500, 1)]
    [InlineData(123, 0)]
    public async Task Get_of_a_slice_returns_those_bytes(long offset, long length)
    {
        var store = await CreateStoreAsync(Sample);
        using var got = await store.GetAsync("a/c/0/0", ByteRange.Slice(offset, length));
        Assert.NotNull(got);
        Assert.Equal(Sample["a/c/0/0"].Skip((int)offset).Take((int)length).ToArray(), got.Span.ToArray());
    }

    [Fact]
    public async Task Get_from_an_offset_reads_to_the_end()
    {
        var store = await CreateStoreAsync(Sample);
        using var got = await store.GetAsync("a/c/0/0", ByteRange.From(900));
        Assert.Equal(Sample["a/c/0/0"][900..], got!.Span.ToArray());
    }

    [Fact]
    public async Task Get_of_a_suffix_reads_the_last_bytes()
    {
        var store = await CreateStoreAsync(Sample);
        using var got = await store.GetAsync("a/c/0/0", ByteRange.Suffix(16));
        Assert.Equal(Sample["a/c/0/0"][^16..], got!.Span.ToArray());
    }

    [Fact]
    public async Task Ranges_past_the_end_are_clamped()
    {
        var store = await CreateStoreAsync(Sample);
        using (var got = await store.GetAsync("a/c/0/1", ByteRange.Slice(1, 100)))
        {
            Assert.Equal(new byte[] { 2, 3 }, got!.Span.ToArray());
        }

        using (var got = await store.GetAsync("a/c/0/1", ByteRange.Suffix(100)))
        {
            Assert.Equal(new byte[] { 1, 2, 3 }, got!.Span.ToArray());
        }

        using (var got = await store.GetAsync("a/c/0/1", ByteRange.From(10)))
        {
            Assert.Equal(0, got!.Length);
        }
    }

    [Fact]
    public async Task Empty_values_exist_and_read_as_empty()
    {
        var store = await CreateStoreAsync(Sample);
        Assert.True(await store.ExistsAsync("a/c/1/0"));
        using var got = await store.GetAsync("a/c/1/0");
        Assert.NotNull(got);
        Assert.Equal(0, got.Length);
    }

    [Fact]
    public async Task Exists_tells_keys_from_missing_keys()
    {
        var store = await CreateStoreAsync(Sample);
        Assert.True(await store.ExistsAsync("b/x.y/deep/key"));
        Assert.False(await store.ExistsAsync("b/x.y/deep"));
        Assert.False(await store.ExistsAsync("missing"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    public async Task Keys_that_are_not_normalized_are_rejected(string key)
    {
        var store = await CreateStoreAsync(Sample);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.GetAsync(key));
    }

    [Fact]
    public async Task Concurrent_reads_return_correct_values()
    {
        var store = await CreateStoreAsync(Sample);
        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            var offset = i * 13 % 900;
            using var got = await store.GetAsync("a/c/0/0", ByteRange.Slice(offset, 50));
            return got!.Span.SequenceEqual(Sample["a/c/0/0"].AsSpan(offset, 50));
        });
        Assert.All(await Task.WhenAll(tasks), Assert.True);
    }
}
