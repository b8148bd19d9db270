namespace Tessera.Catalog.Annotate;

/// <summary>How a bulk annotation is written.</summary>
public sealed record BulkAnnotationOptions
{
    /// <summary>The namespace of the map annotations (default OMERO's client namespace, editable in viewers).</summary>
    public string? Namespace { get; init; } = Catalog.ClientMapNamespace;

    /// <summary>Tags applied to every identified object (each reused from the object's group by text, or created).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Resolve and check everything, but write nothing.</summary>
    public bool DryRun { get; init; }
}
