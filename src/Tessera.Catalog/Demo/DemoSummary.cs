namespace Tessera.Catalog.Demo;

/// <summary>
/// What a demo repository holds: the ids of its main objects, its users and their passwords, and counts. Stored in
/// the repository as <see cref="DemoRepository.MarkerName"/> (written last), so a rerun reports the same summary.
/// </summary>
public sealed record DemoSummary
{
    /// <summary>The repository directory (absolute).</summary>
    public required string Repository { get; init; }

    /// <summary>Whether the repository was complete already and nothing was built.</summary>
    public bool AlreadyBuilt { get; init; }

    /// <summary>Whether it is the reduced demo (<see cref="DemoOptions.Small"/>).</summary>
    public bool IsSmall { get; init; }

    /// <summary>Whether the catalogue is in PostgreSQL (else a SQLite file in the repository).</summary>
    public bool UsesPostgres { get; init; }

    /// <summary>How long the build took, in seconds.</summary>
    public double BuildSeconds { get; init; }

    /// <summary>The public, read-only group holding the screen and the project.</summary>
    public required DemoGroup PublicGroup { get; init; }

    /// <summary>The private group holding alice's unpublished data.</summary>
    public required DemoGroup PrivateGroup { get; init; }

    /// <summary>The users, administrator first, with their demo passwords.</summary>
    public required IReadOnlyList<DemoAccount> Accounts { get; init; }

    /// <summary>The screen "Demo screen".</summary>
    public long ScreenId { get; init; }

    /// <summary>The plate: rows × columns of wells, each with <see cref="FieldsPerWell"/> images and labels.</summary>
    public long PlateId { get; init; }

    /// <summary>The plate's name (its images are "NAME [Well A1, Field 1]").</summary>
    public string PlateName { get; init; } = "";

    /// <summary>Plate rows.</summary>
    public int PlateRows { get; init; }

    /// <summary>Plate columns.</summary>
    public int PlateColumns { get; init; }

    /// <summary>Fields per well.</summary>
    public int FieldsPerWell { get; init; }

    /// <summary>The project "Demo project".</summary>
    public long ProjectId { get; init; }

    /// <summary>The dataset "Stacks" of the project.</summary>
    public long StackDatasetId { get; init; }

    /// <summary>The 3-D multichannel stack.</summary>
    public long StackImageId { get; init; }

    /// <summary>The dataset "Large" of the project.</summary>
    public long LargeDatasetId { get; init; }

    /// <summary>The large 2-D slide.</summary>
    public long LargeImageId { get; init; }

    /// <summary>Its width and height in pixels.</summary>
    public int LargeImageSize { get; init; }

    /// <summary>The private group's project.</summary>
    public long PrivateProjectId { get; init; }

    /// <summary>The private group's dataset.</summary>
    public long PrivateDatasetId { get; init; }

    /// <summary>The private group's image.</summary>
    public long PrivateImageId { get; init; }

    /// <summary>Wells registered.</summary>
    public int WellCount { get; init; }

    /// <summary>Images registered, plate fields included.</summary>
    public int ImageCount { get; init; }

    /// <summary>Map (key-value) annotations added.</summary>
    public int MapAnnotationCount { get; init; }

    /// <summary>Tag links added (an object tagged once counts once).</summary>
    public int TagLinkCount { get; init; }

    /// <summary>ROIs added.</summary>
    public int RoiCount { get; init; }

    /// <summary>Comments added.</summary>
    public int CommentCount { get; init; }
}
