using System.Security.Cryptography;
using System.Text;
using Tessera.Catalog;
using Tessera.Imaging;
using Tessera.Imaging.Jpeg;

namespace Tessera.Server;

/// <summary>
/// A plate's well thumbnails for one field as a single JPEG: a grid of rows × columns cells of the thumbnail size,
/// each thumbnail centred in its well's cell, so a 384-well plate is one request (plus its layout JSON).
/// </summary>
public static class PlateSprite
{
    /// <summary>Where each well's thumbnail sits in the sprite.</summary>
    public static object Layout(PlateRecord plate, int field, int size) => new
    {
        plateId = plate.Id,
        field,
        size,
        rows = plate.RowNames,
        columns = plate.ColumnNames,
        width = plate.ColumnNames.Count * size,
        height = plate.RowNames.Count * size,
        sprite = $"/plate-sprite/{plate.Id}?field={field}&size={size}",
        wells = plate.Wells.Select(w => new
        {
            wellId = w.Id, name = w.Name, row = w.RowIndex, column = w.ColumnIndex,
            imageId = w.Samples.FirstOrDefault(s => s.FieldIndex == field)?.ImageId,
            x = w.ColumnIndex * size, y = w.RowIndex * size, width = size, height = size,
        }),
    };

    /// <summary>The sprite, from the cache when neither the visible fields nor any applicable rendering settings changed.</summary>
    public static async Task<RenderedPlane> RenderAsync(CatalogCaller caller, PlateRecord plate, int field, int size, RenderService service, CancellationToken cancellationToken)
    {
        var cells = plate.Wells
            .Select(w => (Well: w, Image: w.Samples.FirstOrDefault(s => s.FieldIndex == field)?.ImageId))
            .Where(c => c.Image is not null)
            .ToList();
        var catalog = service.Repository.Catalog;
        var version = await catalog.PlateRenderingVersionAsync(caller, plate.Id, cancellationToken).ConfigureAwait(false);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{plate.Id}|{field}|{size}|{version}|{string.Join(",", cells.Select(c => c.Image))}|{plate.RowNames.Count}x{plate.ColumnNames.Count}")))[..24];
        if (service.Cache.FindPlate(plate.Id, key) is { } file)
        {
            return new RenderedPlane(key, "image/jpeg", null, file);
        }

        var width = plate.ColumnNames.Count * size;
        var height = plate.RowNames.Count * size;
        var pixels = new byte[checked(width * height * 3)];
        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (cell, token) =>
        {
            var thumbnail = (await service.ThumbnailPixelsAsync(caller, cell.Image!.Value, size, token).ConfigureAwait(false)).ToDecodedImage();
            Blit(thumbnail, pixels, width, cell.Well.ColumnIndex * size + (size - thumbnail.Width) / 2, cell.Well.RowIndex * size + (size - thumbnail.Height) / 2);
        }).ConfigureAwait(false);

        var jpeg = JpegImage.Encode(new DecodedImage(width, height, 3, Tessera.Zarr.Metadata.DataType.UInt8, pixels), 85);
        await service.Cache.StorePlateAsync(plate.Id, key, jpeg, cancellationToken).ConfigureAwait(false);
        return new RenderedPlane(key, "image/jpeg", jpeg, null);
    }

    private static void Blit(DecodedImage image, byte[] target, int targetWidth, int left, int top)
    {
        var source = image.Pixels;
        var channels = image.Channels;
        for (var y = 0; y < image.Height; y++)
        {
            var row = ((top + y) * targetWidth + left) * 3;
            for (var x = 0; x < image.Width; x++)
            {
                var from = (y * image.Width + x) * channels;
                var to = row + x * 3;
                target[to] = source[from];
                target[to + 1] = source[from + (channels >= 3 ? 1 : 0)];
                target[to + 2] = source[from + (channels >= 3 ? 2 : 0)];
            }
        }
    }
}
