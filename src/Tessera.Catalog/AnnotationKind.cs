namespace Tessera.Catalog;

/// <summary>The kinds of annotation.</summary>
public enum AnnotationKind
{
    /// <summary>Ordered key/value pairs (duplicate keys allowed) with a namespace.</summary>
    Map,

    /// <summary>A tag: a short text shared by everything tagged with it in the group.</summary>
    Tag,

    /// <summary>A set of tags.</summary>
    TagSet,

    /// <summary>A free-text comment.</summary>
    Comment,

    /// <summary>An attached file, stored in the repository.</summary>
    File,
}
