namespace Tessera.Testing;

/// <summary>
/// Locates the shared conformance data: $TESSERA_CONFORMANCE_DIR, else ../shared/conformance above the
/// repository. Tests that need it skip with the reason when it is absent.
/// </summary>
public static class ConformanceData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The conformance directory, or null when absent.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Why conformance tests are skipped, or null when the data is present.</summary>
    public static string? SkipReason => Directory is null
        ? "conformance data not found: set TESSERA_CONFORMANCE_DIR or place it at ../shared/conformance beside the repository"
        : null;

    /// <summary>A path inside the conformance directory.</summary>
    public static string PathOf(params string[] parts) =>
        System.IO.Path.Combine([Directory ?? throw new InvalidOperationException(SkipReason), .. parts]);

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("TESSERA_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return System.IO.Directory.Exists(configured) ? System.IO.Path.GetFullPath(configured) : null;
        }

        // Walk up from the test binaries to the repository root (the folder holding test.sh), then ../shared/conformance.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "test.sh")))
            {
                var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared", "conformance"));
                return System.IO.Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
