using Tessera.Zarr.Indexing;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Indexing;

public sealed class StridedCopyTests
{
    [Fact]
    public void Streaming_copies_write_exactly_what_ordinary_copies_write()
    {
        // Runs of many lengths at every alignment, so the cache-line split (ordinary head and tail, streamed
        // middle) is exercised at each boundary; neighbouring bytes must stay untouched.
        var random = new Random(7);
        for (var trial = 0; trial < 400; trial++)
        {
            var elementSize = new[] { 1, 2, 4, 8 }[trial % 4];
            long[] sourceShape = [random.Next(1, 5), random.Next(1, 40), random.Next(64, 700)];
            long[] destinationShape = [sourceShape[0] + random.Next(0, 3), sourceShape[1] + random.Next(0, 5), sourceShape[2] + random.Next(0, 90)];
            long[] box = [.. sourceShape.Select(e => (long)random.Next(1, (int)e + 1))];
            long[] sourceStart = [.. box.Select((b, d) => (long)random.Next(0, (int)(sourceShape[d] - b) + 1))];
            long[] destinationStart = [.. box.Select((b, d) => (long)random.Next(0, (int)(destinationShape[d] - b) + 1))];
            var source = new byte[sourceShape.Aggregate(1L, (a, b) => a * b) * elementSize];
            random.NextBytes(source);
            var offset = random.Next(0, 64); // shifts the destination's alignment
            var ordinary = new byte[destinationShape.Aggregate(1L, (a, b) => a * b) * elementSize + offset];
            random.NextBytes(ordinary);
            var streamed = (byte[])ordinary.Clone();

            StridedCopy.CopyBox(source, sourceShape, sourceStart, ordinary.AsSpan(offset), destinationShape, destinationStart, box, elementSize, streaming: false);
            StridedCopy.CopyBox(source, sourceShape, sourceStart, streamed.AsSpan(offset), destinationShape, destinationStart, box, elementSize, streaming: true);

            Assert.True(ordinary.AsSpan().SequenceEqual(streamed), $"trial {trial}: box [{string.Join(",", box)}] element {elementSize} offset {offset}");
        }
    }

    [Fact]
    public async Task A_read_into_a_destination_beyond_the_streaming_threshold_returns_the_stored_values()
    {
        // 64 MiB of uint16 in 1×512×512 chunks: the read streams its row copies.
        var metadata = new ArrayMetadata([128, 512, 512], [1, 256, 512], DataType.UInt16) { Codecs = [new Tessera.Zarr.Codecs.BytesCodec()] };
        var array = await ZarrArray.CreateAsync(new MemoryStore(), "", metadata);
        var values = new ushort[128 * 512 * 512];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (ushort)(i * 2654435761u >> 16);
        }

        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);
        var read = new ushort[values.Length + 3];
        await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape), read.AsMemory(3, values.Length)); // misaligned on purpose
        Assert.True(read.AsSpan(3).SequenceEqual(values));
        Assert.Equal(new ushort[3], read[..3]);
    }
}
