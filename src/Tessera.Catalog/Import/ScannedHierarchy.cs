using Tessera.Ngff;

namespace Tessera.Catalog.Import;

/// <summary>What an OME-Zarr hierarchy holds, read before the catalogue transaction starts so the transaction stays short.</summary>
/// <param name="Kind">An image, a bioformats2raw collection or a plate.</param>
/// <param name="Name">The plate's or image's name, or the collection's folder name.</param>
/// <param name="Plate">The plate's metadata, for a plate.</param>
/// <param name="Wells">The plate's wells, by row then column.</param>
/// <param name="Images">Every image: the image, each series, or each field of each well.</param>
internal sealed record ScannedHierarchy(NgffKind Kind, string Name, Plate? Plate, IReadOnlyList<ScannedWell> Wells, IReadOnlyList<ScannedImage> Images);
