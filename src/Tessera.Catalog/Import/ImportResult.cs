namespace Tessera.Catalog.Import;

/// <summary>What one import registered.</summary>
/// <param name="Source">The canonical absolute path imported from (the catalogue's source identity).</param>
/// <param name="Name">The plate's name, the image's name, or the collection's folder name.</param>
/// <param name="Location">Where the pixels are: repository-relative (copied or converted into the pixel store) or absolute (in place).</param>
/// <param name="InPlace">Whether the pixels stay at <see cref="Source"/>.</param>
/// <param name="Converted">Whether the source was an image file converted to OME-Zarr on the way in.</param>
/// <param name="Plate">The plate, when a plate was imported.</param>
/// <param name="Images">Every image registered: the image, each series of a collection, or each field of each well.</param>
/// <param name="WellCount">Wells registered (0 unless a plate).</param>
/// <param name="Container">The dataset or screen the images or plate were linked into.</param>
/// <param name="Project">The project holding the dataset, when one was named.</param>
public sealed record ImportResult(
    string Source,
    string Name,
    string Location,
    bool InPlace,
    bool Converted,
    ObjectRef? Plate,
    IReadOnlyList<ObjectRef> Images,
    int WellCount,
    ObjectRef Container,
    ObjectRef? Project);
