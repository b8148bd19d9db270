namespace Tessera.Testing;

/// <summary>The Tessera checkout the tests run from (the folder holding <c>test.sh</c>), for scripts and outputs in the source tree.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        // Tests run from bin/Release/net10.0, several levels below the root.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "test.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no folder containing test.sh above {AppContext.BaseDirectory}: these tests must run inside the Tessera checkout");
    }
}
