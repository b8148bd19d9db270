namespace Tessera.Ngff;

/// <summary>Builds <see cref="ValueList{T}"/> from collection expressions (<c>[a, b]</c>).</summary>
public static class ValueListBuilder
{
    /// <summary>A list of the given items.</summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
