namespace Tessera.Zarr;

/// <summary>
/// A codec failed on a chunk: corrupted or truncated data, a checksum mismatch, a size that disagrees
/// with the metadata. The message names the codec, the direction and the store key of the chunk.
/// </summary>
public sealed class ZarrCodecException : ZarrException
{
    /// <summary>Creates the exception.</summary>
    public ZarrCodecException(string codec, CodecDirection direction, string problem, string? key = null, Exception? innerException = null)
        : base(Format(codec, direction, problem, key), innerException)
    {
        Codec = codec;
        Direction = direction;
        Problem = problem;
        Key = key;
    }

    /// <summary>Name of the failing codec (its Zarr v3 name).</summary>
    public string Codec { get; }

    /// <summary>Encode or decode.</summary>
    public CodecDirection Direction { get; }

    /// <summary>What went wrong.</summary>
    public string Problem { get; }

    /// <summary>Store key of the chunk (or shard) being processed, once known.</summary>
    public string? Key { get; }

    /// <summary>Returns a copy carrying the chunk's store key (codecs do not know it).</summary>
    public ZarrCodecException WithKey(string key) => Key is null ? new(Codec, Direction, Problem, key, InnerException) : this;

    private static string Format(string codec, CodecDirection direction, string problem, string? key)
    {
        var verb = direction == CodecDirection.Decode ? "decoding" : "encoding";
        return key is null
            ? $"codec '{codec}' failed {verb}: {problem}"
            : $"codec '{codec}' failed {verb} chunk '{key}': {problem}";
    }
}
