namespace Tessera.Browser.Tests;

/// <summary>
/// One demo repository, server and browser for every browser test, which run one class after another: a second
/// fixture building its 384-well plate meanwhile would make the plate timings measure that build.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
