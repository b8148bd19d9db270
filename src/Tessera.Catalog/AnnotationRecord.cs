namespace Tessera.Catalog;

/// <summary>An annotation as linked to one object.</summary>
/// <param name="Id">Annotation id.</param>
/// <param name="Kind">What kind.</param>
/// <param name="Namespace">Namespace (e.g. openmicroscopy.org/omero/client/mapAnnotation).</param>
/// <param name="Text">Tag text, comment text or file name.</param>
/// <param name="Pairs">Key/value pairs in order (map annotations).</param>
/// <param name="FilePath">Repository-relative path of an attached file.</param>
/// <param name="FileSize">Size of an attached file in bytes.</param>
/// <param name="OwnerId">Who made the annotation.</param>
/// <param name="LinkOwnerId">Who linked it to this object.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record AnnotationRecord(
    long Id, AnnotationKind Kind, string? Namespace, string? Text, IReadOnlyList<KeyValuePair<string, string>> Pairs,
    string? FilePath, long? FileSize, long OwnerId, long LinkOwnerId, DateTimeOffset CreatedAt);
