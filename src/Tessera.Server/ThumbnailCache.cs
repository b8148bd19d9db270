using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server;

/// <summary>
/// Rendered thumbnails on disk in the repository, keyed by image, a hash of the rendering settings and the size, so
/// every server process shares them and a settings change simply misses (and <see cref="Invalidate"/> clears the
/// image's files when settings are saved). Files are written to a temporary name and renamed: readers never see half.
/// </summary>
public sealed class ThumbnailCache(string directory)
{
    /// <summary>Where the files live.</summary>
    public string Directory { get; } = directory;

    /// <summary>The key (also the ETag) of a rendering: settings JSON, size and format.</summary>
    public static string Key(string settingsJson, int size, string format) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{settingsJson}\n{size}\n{format}"))))[..24];

    /// <summary>The cached file for an image and key, or null.</summary>
    public string? Find(long imageId, string key) => Existing(PathOf(imageId, key));

    /// <summary>The cached sprite of a plate for a key, or null.</summary>
    public string? FindPlate(long plateId, string key) => Existing(PlatePath(plateId, key));

    /// <summary>Stores a plate's sprite.</summary>
    public Task StorePlateAsync(long plateId, string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(PlatePath(plateId, key), bytes, cancellationToken);

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    /// <summary>Stores bytes for an image and key; a race with <see cref="Invalidate"/> just leaves it uncached.</summary>
    public Task StoreAsync(long imageId, string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(PathOf(imageId, key), bytes, cancellationToken);

    private static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // The folder was invalidated meanwhile: serve this rendering uncached.
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Forgets every cached rendering of an image (its settings changed).</summary>
    public void Invalidate(long imageId)
    {
        var folder = Folder(imageId);
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private string Folder(long imageId) =>
        Path.Combine(Directory, (imageId % 1000).ToString("D3", CultureInfo.InvariantCulture), imageId.ToString(CultureInfo.InvariantCulture));

    private string PathOf(long imageId, string key) => Path.Combine(Folder(imageId), key);

    private string PlatePath(long plateId, string key) => Path.Combine(Directory, "plates", plateId.ToString(CultureInfo.InvariantCulture), key);
}
