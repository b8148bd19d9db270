namespace Tessera.Catalog.Demo;

/// <summary>A user of the demo repository and their (fixed, published) password.</summary>
/// <param name="UserName">The login name.</param>
/// <param name="Password">The password: demo data, not a secret.</param>
/// <param name="Id">The experimenter id.</param>
/// <param name="IsAdmin">Whether the user is an administrator.</param>
/// <param name="Groups">The groups the user belongs to, by name.</param>
public sealed record DemoAccount(string UserName, string Password, long Id, bool IsAdmin, IReadOnlyList<string> Groups);
