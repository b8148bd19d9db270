using System.Buffers;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>Reads HTTP response bodies straight into pooled buffers, with no intermediate copies.</summary>
internal static class HttpResponseBody
{
    private const int InitialCapacity = 16 * 1024;
    private const int SkipBufferSize = 64 * 1024;

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes. When the body's <paramref name="length"/> is known the
    /// buffer has exactly the size needed and a body that ends early is an <see cref="IOException"/>;
    /// otherwise the buffer grows until the body ends or the limit is reached.
    /// </summary>
    public static async ValueTask<PooledBuffer> ReadAsync(Stream body, long? length, long limit, string what, CancellationToken cancellationToken)
    {
        if (length is not { } known)
        {
            return await ReadToEndAsync(body, limit, what, cancellationToken).ConfigureAwait(false);
        }

        var size = Math.Min(known, limit);
        var buffer = PooledBuffer.Rent(size, what);
        try
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await body.ReadAsync(buffer.Memory[read..], cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException($"the response body ended after {read} of {size} bytes");
                }

                read += n;
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Reads until the body ends or <paramref name="limit"/> bytes are in, growing the buffer by doubling.</summary>
    public static async ValueTask<PooledBuffer> ReadToEndAsync(Stream body, long limit, string what, CancellationToken cancellationToken)
    {
        var buffer = PooledBuffer.Rent((int)Math.Min(limit, InitialCapacity));
        var read = 0;
        try
        {
            while (read < limit)
            {
                if (read == buffer.Length)
                {
                    var next = Math.Min(limit, 2L * buffer.Length);
                    if (next > Array.MaxLength)
                    {
                        throw new ZarrException($"{what} is larger than .NET allows in one buffer ({Array.MaxLength} bytes); use smaller chunks or shards");
                    }

                    buffer.Grow((int)next);
                }

                var n = await body.ReadAsync(buffer.Memory[read..], cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            buffer.Truncate(read);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Reads and discards <paramref name="count"/> bytes; returns how many there were.</summary>
    public static async ValueTask<long> SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, SkipBufferSize));
        try
        {
            var skipped = 0L;
            while (skipped < count)
            {
                var n = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count - skipped, scratch.Length)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                skipped += n;
            }

            return skipped;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
