namespace Tessera.Catalog;

/// <summary>One object found by a search.</summary>
/// <param name="Ref">Type and id.</param>
/// <param name="Name">Its name (a well: plate name and position).</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="GroupId">Its group.</param>
public sealed record SearchHit(ObjectRef Ref, string Name, long OwnerId, long GroupId);
