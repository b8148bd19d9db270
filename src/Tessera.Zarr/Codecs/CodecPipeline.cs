using System.Collections.Immutable;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Indexing;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// A codec chain resolved for one chunk shape: array-to-array codecs, one array-to-bytes codec, then
/// bytes-to-bytes codecs. Encoding runs them in order, decoding in reverse. Built once per array and
/// shared by all threads.
/// </summary>
public sealed class CodecPipeline
{
    private readonly ImmutableArray<ArrayToArrayCodec> _arrayToArray;
    private readonly ImmutableArray<ChunkSpec> _arraySpecs; // _arraySpecs[i] is the input of _arrayToArray[i]; the last is the input of the array-to-bytes codec
    private readonly ArrayToBytesCodec _arrayToBytes;
    private readonly ImmutableArray<BytesToBytesCodec> _bytesToBytes;
    private readonly ImmutableArray<long?> _byteSizes; // _byteSizes[i] is the (decoded) input size of _bytesToBytes[i], when fixed
    private readonly ImmutableArray<int> _maxByteSizes; // the most that input can be for a valid chunk: bounds decoding
    private readonly bool _decodeStraightIntoChunk;

    private CodecPipeline(
        ChunkSpec spec,
        ImmutableArray<ArrayToArrayCodec> arrayToArray,
        ImmutableArray<ChunkSpec> arraySpecs,
        ArrayToBytesCodec arrayToBytes,
        ImmutableArray<BytesToBytesCodec> bytesToBytes,
        ImmutableArray<long?> byteSizes,
        ImmutableArray<int> maxByteSizes,
        long? encodedSize,
        long maxEncodedSize)
    {
        Spec = spec;
        _arrayToArray = arrayToArray;
        _arraySpecs = arraySpecs;
        _arrayToBytes = arrayToBytes;
        _bytesToBytes = bytesToBytes;
        _byteSizes = byteSizes;
        _maxByteSizes = maxByteSizes;
        EncodedSize = encodedSize;
        MaxEncodedSize = maxEncodedSize;
        _decodeStraightIntoChunk = arrayToArray.IsEmpty && arrayToBytes.IsIdentity(arraySpecs[^1]);
        Codecs = [.. arrayToArray, arrayToBytes, .. bytesToBytes];
    }

    /// <summary>The chunk representation this pipeline encodes and decodes.</summary>
    public ChunkSpec Spec { get; }

    /// <summary>The resolved codecs in encoding order.</summary>
    public ImmutableArray<Codec> Codecs { get; }

    /// <summary>Encoded size of every chunk when fixed (uncompressed chains, shard indexes), otherwise null.</summary>
    public long? EncodedSize { get; }

    /// <summary>The most bytes a chunk can encode to; decoding refuses stages that would produce more.</summary>
    public long MaxEncodedSize { get; }

    /// <summary>The sharding codec when the chain is exactly [sharding_indexed], which allows partial reads.</summary>
    internal ShardingCodec? PartialDecoder =>
        _arrayToArray.IsEmpty && _bytesToBytes.IsEmpty ? _arrayToBytes as ShardingCodec : null;

    /// <summary>Resolves <paramref name="codecs"/> for chunks of <paramref name="spec"/>.</summary>
    /// <exception cref="ZarrMetadataException">The chain is malformed or a codec does not fit the chunk.</exception>
    /// <exception cref="ZarrUnsupportedException">The chain contains an unsupported codec.</exception>
    public static CodecPipeline Create(IReadOnlyList<Codec> codecs, ChunkSpec spec)
    {
        var arrayToArray = ImmutableArray.CreateBuilder<ArrayToArrayCodec>();
        var arraySpecs = ImmutableArray.CreateBuilder<ChunkSpec>();
        var bytesToBytes = ImmutableArray.CreateBuilder<BytesToBytesCodec>();
        ArrayToBytesCodec? arrayToBytes = null;
        var current = spec;
        for (var i = 0; i < codecs.Count; i++)
        {
            var resolved = codecs[i].Resolve(current);
            switch (resolved)
            {
                case ArrayToArrayCodec a2a when arrayToBytes is null:
                    arrayToArray.Add(a2a);
                    arraySpecs.Add(current);
                    current = a2a.EncodedSpec(current);
                    break;
                case ArrayToBytesCodec a2b when arrayToBytes is null:
                    arrayToBytes = a2b;
                    arraySpecs.Add(current);
                    break;
                case BytesToBytesCodec b2b when arrayToBytes is not null:
                    bytesToBytes.Add(b2b);
                    break;
                default:
                    throw new ZarrMetadataException(null, $"$.codecs[{i}]", $"codec '{resolved.Name}' is out of place: a chain is array-to-array codecs, exactly one array-to-bytes codec (bytes, sharding_indexed), then bytes-to-bytes codecs");
            }
        }

        if (arrayToBytes is null)
        {
            throw new ZarrMetadataException(null, "$.codecs", "the codec chain has no array-to-bytes codec (such as \"bytes\")");
        }

        // Chunks are decoded into one buffer; only a shard without array-to-array codecs before it is read in parts.
        if (spec.ByteLength > Array.MaxLength && (arrayToBytes is not ShardingCodec || arrayToArray.Count > 0))
        {
            throw new ZarrMetadataException(null, "$.chunk_grid", $"chunks of [{string.Join(", ", spec.Shape)}] {spec.DataType} are {spec.ByteLength} bytes; Tessera decodes chunks of up to 2 GiB (store larger units as shards of smaller chunks)");
        }

        var sizes = ImmutableArray.CreateBuilder<long?>(bytesToBytes.Count);
        var maxSizes = ImmutableArray.CreateBuilder<int>(bytesToBytes.Count);
        var size = arrayToBytes.EncodedSize(arraySpecs[^1]);
        var maxSize = arrayToBytes.MaxEncodedSize(arraySpecs[^1]);
        foreach (var b2b in bytesToBytes)
        {
            sizes.Add(size);
            maxSizes.Add((int)Math.Min(maxSize, Array.MaxLength));
            size = size is { } known ? b2b.EncodedSize(known) : null;
            maxSize = b2b.MaxEncodedSize(maxSize);
        }

        return new CodecPipeline(spec, arrayToArray.ToImmutable(), arraySpecs.ToImmutable(), arrayToBytes, bytesToBytes.ToImmutable(), sizes.ToImmutable(), maxSizes.ToImmutable(), size, maxSize);
    }

    /// <summary>Encodes one chunk (C order, machine byte order, <see cref="ChunkSpec.ByteLength"/> bytes).</summary>
    public PooledBuffer Encode(ReadOnlySpan<byte> chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(chunk.Length, Spec.ByteLength, nameof(chunk));
        PooledBuffer? owned = null;
        try
        {
            ReadOnlySpan<byte> current = chunk;
            for (var i = 0; i < _arrayToArray.Length; i++)
            {
                var next = PooledBuffer.Rent(chunk.Length);
                try
                {
                    _arrayToArray[i].Encode(current, next.Span, _arraySpecs[i]);
                }
                catch
                {
                    next.Dispose();
                    throw;
                }

                owned?.Dispose();
                owned = next;
                current = next.Span;
            }

            // An identity array-to-bytes step (native byte order) needs no copy when a bytes codec follows.
            if (!(_bytesToBytes.Length > 0 && _arrayToBytes.IsIdentity(_arraySpecs[^1])))
            {
                var bytes = _arrayToBytes.Encode(current, _arraySpecs[^1]);
                owned?.Dispose();
                owned = bytes;
                current = bytes.Span;
            }

            foreach (var codec in _bytesToBytes)
            {
                var next = codec.Encode(current);
                owned?.Dispose();
                owned = next;
                current = next.Span;
            }

            var result = owned ?? PooledBuffer.CopyOf(current);
            owned = null;
            return result;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>Decodes one stored chunk into <paramref name="chunk"/> (<see cref="ChunkSpec.ByteLength"/> bytes).</summary>
    /// <exception cref="ZarrCodecException">The stored bytes do not decode to such a chunk.</exception>
    public void Decode(ReadOnlySpan<byte> encoded, Span<byte> chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(chunk.Length, Spec.ByteLength, nameof(chunk));
        PooledBuffer? owned = null;
        try
        {
            var current = encoded;
            for (var i = _bytesToBytes.Length - 1; i >= 0; i--)
            {
                var codec = _bytesToBytes[i];
                if (i == 0 && _decodeStraightIntoChunk)
                {
                    // The first bytes codec's output is the chunk itself: decode into the caller's buffer.
                    codec.Decode(current, chunk);
                    return;
                }

                PooledBuffer next;
                if (_byteSizes[i] is { } expected)
                {
                    next = PooledBuffer.Rent(expected, $"decoding with '{codec.Name}'");
                    try
                    {
                        codec.Decode(current, next.Span);
                    }
                    catch
                    {
                        next.Dispose();
                        throw;
                    }
                }
                else
                {
                    next = codec.Decode(current, _maxByteSizes[i]);
                }

                owned?.Dispose();
                owned = next;
                current = next.Span;
            }

            if (_arrayToArray.IsEmpty)
            {
                _arrayToBytes.Decode(current, chunk, _arraySpecs[^1]);
                return;
            }

            // Array-to-array codecs decode in reverse, alternating between two buffers and ending in the chunk.
            using var first = PooledBuffer.Rent(chunk.Length);
            using var second = _arrayToArray.Length > 1 ? PooledBuffer.Rent(chunk.Length) : null;
            var inFirst = true;
            _arrayToBytes.Decode(current, first.Span, _arraySpecs[^1]);
            for (var i = _arrayToArray.Length - 1; i >= 0; i--)
            {
                var input = inFirst ? first.Span : second!.Span;
                var output = i == 0 ? chunk : (inFirst ? second!.Span : first.Span);
                _arrayToArray[i].Decode(input, output, _arraySpecs[i]);
                inFirst = !inFirst;
            }
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// Reads part of a chunk through byte ranges (only for <see cref="PartialDecoder"/> chains): the box
    /// <paramref name="boxStart"/>/<paramref name="boxShape"/> of the chunk goes to <paramref name="destination"/>
    /// at <paramref name="destinationStart"/>.
    /// </summary>
    internal ValueTask DecodePartialAsync(
        IByteRangeSource source, long[] boxStart, long[] boxShape, ArrayView destination, long[] destinationStart,
        int concurrency, CancellationToken cancellationToken) =>
        (PartialDecoder ?? throw new InvalidOperationException("this codec chain does not support partial decoding"))
            .DecodePartialAsync(source, Spec, boxStart, boxShape, destination, destinationStart, concurrency, cancellationToken);
}
