using Tessera.Ngff;

namespace Tessera.Catalog.Import;

/// <summary>A well of an imported plate with its fields in order.</summary>
/// <param name="Well">The plate's entry for it.</param>
/// <param name="RowName">Its row's name ("B").</param>
/// <param name="ColumnName">Its column's name ("3").</param>
/// <param name="Fields">Its field images.</param>
internal sealed record ScannedWell(PlateWell Well, string RowName, string ColumnName, IReadOnlyList<ScannedImage> Fields);
