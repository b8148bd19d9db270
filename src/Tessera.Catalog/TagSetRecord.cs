namespace Tessera.Catalog;

/// <summary>A tag set and the tags in it.</summary>
/// <param name="Id">Annotation id of the set.</param>
/// <param name="Name">The set's name.</param>
/// <param name="GroupId">Its group.</param>
/// <param name="Tags">Tag texts in the set, sorted.</param>
public sealed record TagSetRecord(long Id, string Name, long GroupId, IReadOnlyList<string> Tags);
