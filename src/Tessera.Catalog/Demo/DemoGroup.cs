namespace Tessera.Catalog.Demo;

/// <summary>A group of the demo repository.</summary>
/// <param name="Id">The group id.</param>
/// <param name="Name">The group name.</param>
/// <param name="Permissions">Its permission level.</param>
/// <param name="IsPublic">Whether anonymous visitors read it.</param>
public sealed record DemoGroup(long Id, string Name, GroupPermissions Permissions, bool IsPublic);
