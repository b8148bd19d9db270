namespace Tessera.Catalog;

/// <summary>Any catalogued object as lists show it.</summary>
/// <param name="Ref">Type and id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Its description.</param>
/// <param name="OwnerId">The user who owns it.</param>
/// <param name="GroupId">The group it belongs to.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CatalogObject(ObjectRef Ref, string Name, string? Description, long OwnerId, long GroupId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
