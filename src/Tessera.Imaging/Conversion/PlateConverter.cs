using System.Globalization;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// Writes a <see cref="PlateLayout"/> as an OME-NGFF plate: each field a multiscale image at row/column/index, then
/// the well groups, then the plate group last (so an interrupted run is not a plate).
/// </summary>
public static class PlateConverter
{
    /// <summary>Converts every field of <paramref name="layout"/>, opening files with <paramref name="open"/>.</summary>
    public static async ValueTask<Plate> ConvertAsync(IWritableStore store, string path, PlateLayout layout, Func<string, PixelSource> open, string? name, ConversionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(options);

        // The first field tells every field's size (they are checked to match as they are read).
        long perField;
        using (var first = new StackedPixelSource("plate", layout.Wells[0].Fields[0].Planes, open))
        {
            perField = ImageConverter.PixelCount(first);
        }

        var converter = new ImageConverter(options, perField * layout.FieldCount);
        var metadata = new SourceMetadata { ChannelNames = [.. layout.Channels] };
        var wells = new List<(int Row, int Column)>();
        foreach (var well in layout.Wells)
        {
            var wellPath = StoreKey.Join(StoreKey.Join(path, well.Row), well.Column);
            var images = new List<WellImage>();
            for (var index = 0; index < well.Fields.Count; index++)
            {
                var field = well.Fields[index];
                var fieldPath = StoreKey.Join(wellPath, index.ToString(CultureInfo.InvariantCulture));
                using var source = new StackedPixelSource($"{well.Row}{well.Column} field {field.Field}", field.Planes, open);
                await converter.ConvertAsync(store, fieldPath, source, metadata with { Name = $"{well.Row}{well.Column} field {field.Field}" }, null, cancellationToken).ConfigureAwait(false);
                images.Add(new WellImage(index.ToString(CultureInfo.InvariantCulture), field.Acquisition));
            }

            await NgffWriter.WriteGroupAsync(store, wellPath, new NgffMetadata { Well = new Well([.. images]) }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
            wells.Add((IndexOf(layout.Rows, well.Row), IndexOf(layout.Columns, well.Column)));
        }

        var plate = Plate.Create(layout.Rows, layout.Columns, wells) with
        {
            Name = name,
            FieldCount = layout.Wells.Max(w => w.Fields.Count),
            Acquisitions = layout.Acquisitions.Count == 0 ? null : [.. layout.Acquisitions.Select(a => new PlateAcquisition(a)
            {
                MaximumFieldCount = layout.Wells.Max(w => w.Fields.Count(f => f.Acquisition == a)),
            })],
        };
        await NgffWriter.WriteGroupAsync(store, path, new NgffMetadata { Plate = plate }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
        return plate;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
