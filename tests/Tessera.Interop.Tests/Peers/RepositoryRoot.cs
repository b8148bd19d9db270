namespace Tessera.Interop.Tests.Peers;

/// <summary>The repository checkout the tests run from (the folder holding <c>test.sh</c>).</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>The peer scripts live in the source tree, next to this project's sources.</summary>
    public static string ProjectDirectory => System.IO.Path.Combine(Path, "tests", "Tessera.Interop.Tests");

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

        throw new InvalidOperationException($"no folder containing test.sh above {AppContext.BaseDirectory}: the interop tests must run inside the Tessera checkout");
    }
}
