namespace Tessera.Catalog;

/// <summary>What a caller is in one group: the group's level and public flag, and the caller's role there.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="Permissions">The group's permission level.</param>
/// <param name="IsPublic">Whether anyone, anonymous included, may read the group's data.</param>
/// <param name="IsMember">Whether the caller is a member.</param>
/// <param name="IsGroupOwner">Whether the caller owns the group.</param>
public sealed record GroupMembership(long GroupId, GroupPermissions Permissions, bool IsPublic, bool IsMember, bool IsGroupOwner);
