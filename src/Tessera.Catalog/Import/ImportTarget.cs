namespace Tessera.Catalog.Import;

/// <summary>
/// Where an import lands: images into a dataset (optionally inside a project), plates into a screen, in a group the
/// caller belongs to. Containers are found by name among the caller's own in that group, and created when missing.
/// </summary>
public sealed record ImportTarget
{
    private ImportTarget(string? projectName, string? datasetName, string? screenName)
    {
        ProjectName = projectName;
        DatasetName = datasetName;
        ScreenName = screenName;
    }

    /// <summary>The project holding <see cref="DatasetName"/>, or null for a dataset in no project.</summary>
    public string? ProjectName { get; }

    /// <summary>The dataset images go into (null when plates go into a screen).</summary>
    public string? DatasetName { get; }

    /// <summary>The screen plates go into (null when images go into a dataset).</summary>
    public string? ScreenName { get; }

    /// <summary>The group to import into; null means the caller's first group (lowest id) they are a member of.</summary>
    public string? GroupName { get; init; }

    /// <summary>Whether this target takes plates (a screen) rather than images (a dataset).</summary>
    public bool IsScreen => ScreenName is not null;

    /// <summary>Images go into the dataset named <paramref name="dataset"/>, inside the project <paramref name="project"/> when given.</summary>
    /// <exception cref="ArgumentException">A name is empty or blank.</exception>
    public static ImportTarget Dataset(string dataset, string? project = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (project is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(project);
        }

        return new ImportTarget(project, dataset, null);
    }

    /// <summary>Plates go into the screen named <paramref name="screen"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or blank.</exception>
    public static ImportTarget Screen(string screen)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(screen);
        return new ImportTarget(null, null, screen);
    }

    /// <inheritdoc />
    public override string ToString() => IsScreen ? $"screen '{ScreenName}'"
        : ProjectName is null ? $"dataset '{DatasetName}'" : $"dataset '{DatasetName}' in project '{ProjectName}'";
}
