namespace Tessera.Zarr.Buffers;

/// <summary>A write-only stream into a growing <see cref="PooledBuffer"/>; detach the buffer when done.</summary>
internal sealed class PooledBufferStream : Stream
{
    private PooledBuffer? _buffer;
    private int _position;

    public PooledBufferStream(int initialCapacity)
    {
        _buffer = PooledBuffer.Rent(Math.Max(initialCapacity, 256));
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Hands the written bytes to the caller, who disposes them.</summary>
    public PooledBuffer Detach()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        buffer.Truncate(_position);
        _buffer = null;
        return buffer;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var target = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        var needed = checked(_position + buffer.Length);
        if (needed > target.Capacity)
        {
            target.Truncate(_position);
            target.Grow((int)Math.Min(Array.MaxLength, Math.Max((long)needed, 2L * target.Capacity)));
        }

        target.Truncate(target.Capacity);
        buffer.CopyTo(target.Span[_position..]);
        _position = needed;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _buffer?.Dispose();
        _buffer = null;
        base.Dispose(disposing);
    }
}
