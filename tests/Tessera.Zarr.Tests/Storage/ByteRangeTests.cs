using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

public sealed class ByteRangeTests
{
    [Fact]
    public void Http_range_headers_are_valid_for_every_non_empty_range()
    {
        Assert.Null(ByteRange.All.ToHttpRange());
        Assert.Equal("bytes=10-19", ByteRange.Slice(10, 10).ToHttpRange());
        Assert.Equal("bytes=5-", ByteRange.From(5).ToHttpRange());
        Assert.Equal("bytes=-16", ByteRange.Suffix(16).ToHttpRange());
        Assert.Equal("bytes=10-", ByteRange.Slice(10, long.MaxValue).ToHttpRange());
    }

    [Fact]
    public void Empty_ranges_have_no_http_form()
    {
        Assert.True(ByteRange.Slice(123, 0).IsEmpty);
        Assert.True(ByteRange.Suffix(0).IsEmpty);
        Assert.False(ByteRange.From(0).IsEmpty);
        Assert.Throws<InvalidOperationException>(() => ByteRange.Slice(123, 0).ToHttpRange());
        Assert.Throws<InvalidOperationException>(() => ByteRange.Suffix(0).ToHttpRange());
    }

    [Theory]
    [InlineData(100, 0, 100)]
    [InlineData(100, 95, 5)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 20, 0)]
    public void Slices_clamp_at_the_end(long total, long offset, long expectedLength)
    {
        var (start, length) = ByteRange.Slice(offset, 100).Resolve(total);
        Assert.Equal(Math.Min(offset, total), start);
        Assert.Equal(expectedLength, length);
    }

    [Fact]
    public void Suffixes_longer_than_the_value_give_all_of_it()
    {
        Assert.Equal((0L, 10L), ByteRange.Suffix(50).Resolve(10));
        Assert.Equal((6L, 4L), ByteRange.Suffix(4).Resolve(10));
    }
}
