using System.Buffers;
using System.Runtime.InteropServices;

namespace Tessera.Zarr.Buffers;

/// <summary>Views a <see cref="Memory{T}"/> of unmanaged elements as bytes, without copying.</summary>
internal sealed class ByteViewMemory<T>(Memory<T> memory) : MemoryManager<byte>
    where T : unmanaged
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(memory.Span);

    // The returned handle owns the pin of the underlying memory and releases it when disposed.
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var inner = memory.Pin();
        return new MemoryHandle((byte*)inner.Pointer + elementIndex, default, new InnerPin(inner));
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>Releases one pin of the underlying memory when the outer handle is disposed.</summary>
    private sealed class InnerPin(MemoryHandle inner) : IPinnable
    {
        private MemoryHandle _inner = inner;

        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException();

        public void Unpin() => _inner.Dispose();
    }

    public static Memory<byte> AsBytes(Memory<T> memory) =>
        typeof(T) == typeof(byte) ? (Memory<byte>)(object)memory : new ByteViewMemory<T>(memory).Memory;
}
