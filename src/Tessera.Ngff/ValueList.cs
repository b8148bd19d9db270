using System.Collections;
using System.Runtime.CompilerServices;

namespace Tessera.Ngff;

/// <summary>
/// An immutable list with value equality, so the metadata records compare by content (a written and
/// re-read <see cref="NgffMetadata"/> equals the original).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(ValueListBuilder), nameof(ValueListBuilder.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    /// <summary>Creates the list from a sequence (copied).</summary>
    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ValueList(T[] items, bool _) => _items = items;

    /// <summary>The empty list.</summary>
    public static ValueList<T> Empty { get; } = new([], false);

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <summary>Converts an array (copied).</summary>
    public static implicit operator ValueList<T>(T[] items) => new(items);

    /// <summary>Converts a list (copied).</summary>
    public static implicit operator ValueList<T>(List<T> items) => new(items);

    /// <summary>Value equality.</summary>
    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => Equals(left, right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !Equals(left, right);

    /// <inheritdoc/>
    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
