using FsCheck;
using FsCheck.Fluent;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Arrays;

/// <summary>
/// Property: for random ranks, shapes, chunk shapes, data types, codec layouts, fill values and sequences of
/// written boxes, every read box returns what a plain dense array (updated by naive loops) holds.
/// </summary>
public sealed class RoundTripProperties
{
    private static readonly DataType[] Types = [DataType.Bool, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.UInt16, DataType.Int32, DataType.UInt32, DataType.Int64, DataType.UInt64, DataType.Float16, DataType.Float32, DataType.Float64];

    private static readonly string[] Layouts = ["bytes", "bytes-big+zstd", "transpose+blosc", "sharded", "sharded-start+nested", "v2-F-big+lz4", "v2-C+gzip"];

    public sealed record Box(long[] Start, long[] Shape)
    {
        public override string ToString() => "[" + string.Join(",", Start.Zip(Shape, (s, n) => $"{s}:{s + n}")) + "]";
    }

    public sealed record Case(long[] Shape, int[] Chunks, int[] ShardFactor, int[] Permutation, DataType Type, string Layout, int FillKind, Box[] Writes, Box Read, int Seed)
    {
        public override string ToString() =>
            $"shape [{string.Join(",", Shape)}] chunks [{string.Join(",", Chunks)}] ×[{string.Join(",", ShardFactor)}] {Type} {Layout} fill#{FillKind} writes {string.Join(" ", Writes.Select(w => w.ToString()))} read {Read} seed {Seed}";
    }

    private static Gen<Box> BoxIn(long[] shape) =>
        from starts in Gen.CollectToArray(shape, extent => Gen.Choose(0, (int)extent))
        from extents in Gen.CollectToArray(Enumerable.Range(0, shape.Length), d => Gen.Choose(0, (int)shape[d] - starts[d]))
        select new Box([.. starts.Select(s => (long)s)], [.. extents.Select(e => (long)e)]);

    private static readonly Gen<Case> Cases =
        from rank in Gen.Choose(1, 4)
        from shape in Gen.ArrayOf(Gen.Choose(rank > 2 ? 1 : 0, rank > 2 ? 7 : 13), rank)
        from chunks in Gen.CollectToArray(shape, extent => Gen.Choose(1, Math.Max(1, extent + 2)))
        from factor in Gen.ArrayOf(Gen.Choose(1, 3), rank)
        from permutation in Gen.Shuffle(Enumerable.Range(0, rank))
        from type in Gen.Elements(Types)
        from layout in Gen.Elements(Layouts)
        from fill in Gen.Choose(0, 2)
        let longShape = shape.Select(e => (long)e).ToArray()
        from writes in Gen.ArrayOf(BoxIn(longShape), 3).Select(w => w.Take(1 + (w.Length > 0 ? (int)(w[0].Start.Sum() % 3) : 0)).ToArray())
        from read in BoxIn(longShape)
        from seed in Gen.Choose(0, int.MaxValue)
        select new Case(longShape, [.. chunks], factor, [.. permutation], type, layout, fill, writes, read, seed);

    [Fact]
    public void Random_writes_and_reads_match_a_dense_reference()
    {
        Prop.ForAll(Cases.ToArbitrary(), RunAsync).Check(Config.QuickThrowOnFailure.WithMaxTest(250).WithQuietOnSuccess(true));
    }

    private static async Task<bool> RunAsync(Case c)
    {
        var type = c.Type;
        var size = type.Size;
        var random = new Random(c.Seed);
        var fill = c.FillKind switch
        {
            0 => FillValue.Zero(type),
            1 => FillValue.FromBytes(type, Sanitize(RandomBytes(random, size), type)),
            _ => type.Kind == DataTypeKind.Float ? FillValue.Parse(System.Text.Json.Nodes.JsonValue.Create("NaN"), type, ZarrFormat.V3) : FillValue.FromBytes(type, Sanitize(RandomBytes(random, size), type)),
        };
        var metadata = Metadata(c, fill);
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "p", metadata, new ZarrArrayOptions { MaxConcurrency = 1 + c.Seed % 4 });

        // The reference starts as all fill, like an array with no chunks.
        var total = c.Shape.Aggregate(1L, (a, b) => a * b);
        var reference = new byte[total * size];
        for (var i = 0; i < total; i++)
        {
            fill.Bytes.CopyTo(reference.AsSpan((int)(i * size)));
        }

        foreach (var box in c.Writes)
        {
            var count = box.Shape.Aggregate(1L, (a, b) => a * b);
            var values = Sanitize(RandomBytes(random, (int)(count * size)), type);
            await array.WriteBytesAsync(new ArrayRegion(box.Start, box.Shape), values);
            var k = 0;
            foreach (var linear in Elements(c.Shape, box))
            {
                values.AsSpan(k++ * size, size).CopyTo(reference.AsSpan((int)(linear * size)));
            }
        }

        var reopened = await ZarrArray.OpenAsync(store, "p");
        var readCount = c.Read.Shape.Aggregate(1L, (a, b) => a * b);
        var read = new byte[readCount * size];
        await reopened.ReadBytesAsync(new ArrayRegion(c.Read.Start, c.Read.Shape), read);
        var expected = new byte[readCount * size];
        var j = 0;
        foreach (var linear in Elements(c.Shape, c.Read))
        {
            reference.AsSpan((int)(linear * size), size).CopyTo(expected.AsSpan(j++ * size));
        }

        if (!read.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException($"read differs from the reference for {c}");
        }

        return true;
    }

    private static ArrayMetadata Metadata(Case c, FillValue fill)
    {
        var type = c.Type;
        var big = type.ComponentSize > 1 ? Endianness.Big : (Endianness?)null;
        var metadata = new ArrayMetadata(c.Shape, c.Chunks, type) { FillValue = fill };
        return c.Layout switch
        {
            "bytes" => metadata with { Codecs = [new BytesCodec()] },
            "bytes-big+zstd" => metadata with { Codecs = [new BytesCodec(big), new ZstdCodec(1)] },
            "transpose+blosc" => metadata with { Codecs = [new TransposeCodec(c.Permutation), new BytesCodec(), new BloscCodec("lz4", 5, BloscShuffle.BitShuffle)] },
            "sharded" => metadata with
            {
                ChunkShape = [.. c.Chunks.Zip(c.ShardFactor, (chunk, k) => chunk * k)],
                Codecs = [new ShardingCodec(c.Chunks, [new BytesCodec(), new GzipCodec(1)])],
            },
            "sharded-start+nested" => metadata with
            {
                ChunkShape = [.. c.Chunks.Zip(c.ShardFactor, (chunk, k) => chunk * k * 2)],
                Codecs = [new ShardingCodec([.. c.Chunks.Zip(c.ShardFactor, (chunk, k) => chunk * k)], [new ShardingCodec(c.Chunks, [new BytesCodec(big), new Crc32cCodec()])], indexLocation: ShardIndexLocation.Start)],
            },
            "v2-F-big+lz4" => metadata with
            {
                ZarrFormat = ZarrFormat.V2,
                ChunkKeyEncoding = ChunkKeyEncoding.V2Slash,
                Codecs = c.Shape.Length > 1 ? [TransposeCodec.Reversed(c.Shape.Length), new BytesCodec(big ?? Endianness.Little), new Lz4Codec()] : [new BytesCodec(big ?? Endianness.Little), new Lz4Codec()],
            },
            _ => metadata with { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Dot, Codecs = [new BytesCodec(), new GzipCodec(1)] },
        };
    }

    /// <summary>Linear C-order indexes of a box's elements in C order, by plain counting.</summary>
    private static IEnumerable<long> Elements(long[] shape, Box box)
    {
        var rank = shape.Length;
        var count = box.Shape.Aggregate(1L, (a, b) => a * b);
        for (long n = 0; n < count; n++)
        {
            long rest = n, linear = 0, stride = 1;
            var coordinate = new long[rank];
            for (var d = rank - 1; d >= 0; d--)
            {
                coordinate[d] = box.Start[d] + rest % box.Shape[d];
                rest /= box.Shape[d];
            }

            for (var d = rank - 1; d >= 0; d--)
            {
                linear += coordinate[d] * stride;
                stride *= shape[d];
            }

            yield return linear;
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Makes random bytes valid values: booleans 0/1 and no NaNs in float data (any NaN counts as a NaN fill
    /// value, so an all-NaN chunk would read back as the canonical NaN, not its own bits).
    /// </summary>
    private static byte[] Sanitize(byte[] bytes, DataType type)
    {
        if (type == DataType.Bool)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }
        else if (type.Kind == DataTypeKind.Float)
        {
            // Clearing the top exponent bit keeps every value finite.
            for (var i = type.Size - 1; i < bytes.Length; i += type.Size)
            {
                bytes[i] &= 0xBF;
            }
        }

        return bytes;
    }
}
