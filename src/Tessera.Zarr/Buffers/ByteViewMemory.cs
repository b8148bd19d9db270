using System.Buffers;
using System.Runtime.InteropServices;

namespace Tessera.Zarr.Buffers;

/// <summary>Views a <see cref="Memory{T}"/> of unmanaged elements as bytes, without copying.</summary>
internal sealed class ByteViewMemory<T>(Memory<T> memory) : MemoryManager<byte>
    where T : unmanaged
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(memory.Span);

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = memory.Pin();
        return new MemoryHandle((byte*)handle.Pointer + elementIndex, default, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    public static Memory<byte> AsBytes(Memory<T> memory) =>
        typeof(T) == typeof(byte) ? (Memory<byte>)(object)memory : new ByteViewMemory<T>(memory).Memory;
}
