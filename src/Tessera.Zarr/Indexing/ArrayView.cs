namespace Tessera.Zarr.Indexing;

/// <summary>A C-order n-dimensional buffer of fixed-size elements: the destination of a read.</summary>
internal readonly record struct ArrayView(Memory<byte> Memory, long[] Shape, int ElementSize);
