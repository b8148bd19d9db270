namespace Tessera.Catalog;

/// <summary>A group: every object belongs to one, and its permission level decides what members may do with each other's data.</summary>
/// <param name="Id">Catalogue id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="Description">What the group is for.</param>
/// <param name="Permissions">The permission level.</param>
/// <param name="IsPublic">Whether anyone, anonymous included, may read its data.</param>
public sealed record ExperimenterGroup(long Id, string Name, string? Description, GroupPermissions Permissions, bool IsPublic);
