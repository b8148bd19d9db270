namespace Tessera.Catalog.Demo;

/// <summary>
/// What <see cref="DemoRepository.CreateAsync"/> builds: the sizes of the generated images and where the catalogue
/// lives. <see cref="Full"/> is the demo served to visitors; <see cref="Small"/> is the same repository in miniature,
/// built in seconds, for tests.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>The full demo: a 16 × 24 plate of 256-pixel fields, a 24 × 512 × 512 stack, a 16384² slide.</summary>
    public static DemoOptions Full { get; } = new();

    /// <summary>The reduced demo: a 2 × 3 plate of 64-pixel fields, a 6 × 128 × 128 stack, a 2048² slide.</summary>
    public static DemoOptions Small { get; } = new()
    {
        IsSmall = true,
        PlateRows = 2,
        PlateColumns = 3,
        FieldSize = 64,
        StackPlanes = 6,
        StackSize = 128,
        LargeImageSize = 2048,
        PrivateImageSize = 512,
    };

    /// <summary>Whether this is the reduced demo (recorded in the repository, reported by the summary).</summary>
    public bool IsSmall { get; init; }

    /// <summary>Plate rows (at most 26, lettered A…).</summary>
    public int PlateRows { get; init; } = 16;

    /// <summary>Plate columns.</summary>
    public int PlateColumns { get; init; } = 24;

    /// <summary>Fields (images) per well.</summary>
    public int FieldsPerWell { get; init; } = 2;

    /// <summary>Width and height of a field in pixels.</summary>
    public int FieldSize { get; init; } = 256;

    /// <summary>Focal planes of the 3-D stack.</summary>
    public int StackPlanes { get; init; } = 24;

    /// <summary>Width and height of the 3-D stack in pixels.</summary>
    public int StackSize { get; init; } = 512;

    /// <summary>Width and height of the large slide in pixels.</summary>
    public int LargeImageSize { get; init; } = 16384;

    /// <summary>Width and height of the private group's slide in pixels.</summary>
    public int PrivateImageSize { get; init; } = 2048;

    /// <summary>Keep the catalogue in this PostgreSQL database (which must hold no catalogue yet) instead of a SQLite file.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Images (or plate wells) generated at once; default the processor count.</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>For tests: leave a failed build's leftovers where a killed process would, instead of removing them.</summary>
    internal bool LeaveLeftoversOnFailure { get; init; }
}
