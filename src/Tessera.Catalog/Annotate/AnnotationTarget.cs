namespace Tessera.Catalog.Annotate;

/// <summary>An object a bulk annotation writes to, with the group and owner its links and search rows carry.</summary>
internal readonly record struct AnnotationTarget(ObjectRef Ref, long GroupId, long OwnerId);
