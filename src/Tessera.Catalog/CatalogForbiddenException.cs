namespace Tessera.Catalog;

/// <summary>The caller may read the object but not do this to it (the server answers 403).</summary>
public sealed class CatalogForbiddenException(ObjectRef target, CatalogAction action, string reason)
    : CatalogException($"{target}: {action.ToString().ToLowerInvariant()} not allowed: {reason}")
{
    /// <summary>The object acted on.</summary>
    public ObjectRef Target { get; } = target;

    /// <summary>What was refused.</summary>
    public CatalogAction Action { get; } = action;
}
