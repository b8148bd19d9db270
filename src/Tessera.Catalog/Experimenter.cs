namespace Tessera.Catalog;

/// <summary>A user of the repository.</summary>
/// <param name="Id">Catalogue id.</param>
/// <param name="UserName">Login name, unique.</param>
/// <param name="FullName">Display name.</param>
/// <param name="Email">Contact address.</param>
/// <param name="IsAdmin">Whether the user is a server administrator.</param>
public sealed record Experimenter(long Id, string UserName, string? FullName, string? Email, bool IsAdmin);
