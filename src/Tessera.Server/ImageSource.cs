using System.Collections.Concurrent;
using Tessera.Catalog;
using Tessera.Imaging.Rendering;
using Tessera.Zarr.Storage;

namespace Tessera.Server;

/// <summary>
/// Opens an image's pyramid for rendering after the caller's read check. Opened pyramids (parsed metadata, not
/// pixels) are kept by location: an imported image's pixels never change, and reopening costs several reads.
/// </summary>
public sealed class ImageSource(TesseraRepository repository)
{
    private const int MaxOpen = 4096;
    private readonly ConcurrentDictionary<string, Lazy<Task<ImagePyramid>>> _open = new(StringComparer.Ordinal);

    /// <summary>The image record (rights checked: unreadable is not found) and its opened pyramid.</summary>
    public async Task<(ImageRecord Image, ImagePyramid Pyramid)> OpenAsync(CatalogCaller caller, long imageId, CancellationToken cancellationToken)
    {
        var image = await repository.Catalog.GetImageAsync(caller, imageId, cancellationToken).ConfigureAwait(false);
        return (image, await PyramidAsync(image).ConfigureAwait(false));
    }

    /// <summary>The pyramid of an image record the caller has already been allowed to read.</summary>
    public async Task<ImagePyramid> PyramidAsync(ImageRecord image)
    {
        var location = repository.Resolve(image.Location);
        if (_open.Count > MaxOpen)
        {
            _open.Clear();
        }

        var entry = _open.GetOrAdd(location, l => new Lazy<Task<ImagePyramid>>(() => OpenPyramidAsync(l)));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failure (a corrupt or missing zarr.json) is not remembered: the next request tries again.
            _open.TryRemove(new KeyValuePair<string, Lazy<Task<ImagePyramid>>>(location, entry));
            throw;
        }
    }

    private static async Task<ImagePyramid> OpenPyramidAsync(string location)
    {
        var opened = StoreLocation.OpenRead(location);
        return await ImagePyramid.OpenAsync(opened.Store, opened.Path).ConfigureAwait(false);
    }
}
