using System.Security.Cryptography;
using Dapper;

namespace Tessera.Catalog.Import;

/// <summary>
/// One import's files in the repository's pixel store: written under <c>.NAME.partial</c>, renamed to <c>NAME</c>
/// just before the catalogue transaction commits (docs/decisions/0010-import.md). A lock file <c>.NAME.lock</c>
/// beside them is held (flock) for the life of the import; its presence with nobody holding it means the import died,
/// and <see cref="CleanUpAsync"/> then removes what it left: the partial directory, and the renamed one unless the
/// catalogue references it (the commit made it).
/// </summary>
internal sealed class PixelStaging : IDisposable
{
    private const string LockSuffix = ".lock";
    private const string PartialSuffix = ".partial";

    private readonly FileStream _lock;
    private bool _published;

    private PixelStaging(string pixels, string name, FileStream held)
    {
        Pixels = pixels;
        Name = name;
        _lock = held;
    }

    /// <summary>The pixel store directory.</summary>
    public string Pixels { get; }

    /// <summary>The final name, relative to the pixel store: the catalogue location of the import's root.</summary>
    public string Name { get; }

    /// <summary>Where the import's files are written.</summary>
    public string PartialPath => Path.Combine(Pixels, "." + Name + PartialSuffix);

    /// <summary>Where they end up.</summary>
    public string FinalPath => Path.Combine(Pixels, Name);

    /// <summary>Where the import's files are now.</summary>
    public string CurrentPath => _published ? FinalPath : PartialPath;

    /// <summary>Claims a fresh unique name <c>STEM-XXXXXXXX.ome.zarr</c> and holds its lock.</summary>
    public static PixelStaging Begin(string pixels, string stem)
    {
        Directory.CreateDirectory(pixels);
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{stem}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.ome.zarr";
            var lockPath = LockPath(pixels, name);
            if (Path.Exists(Path.Combine(pixels, name)) || Path.Exists(Path.Combine(pixels, "." + name + PartialSuffix)))
            {
                continue;
            }

            FileStream held;
            try
            {
                // CreateNew claims the name atomically; FileShare.None takes an exclusive flock that dies with the process.
                held = new FileStream(lockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 10)
            {
                continue;
            }

            // A cleaner may have taken the file in the instant between its creation and our lock, and deleted it.
            if (!File.Exists(lockPath))
            {
                held.Dispose();
                continue;
            }

            var staging = new PixelStaging(pixels, name, held);
            Directory.CreateDirectory(staging.PartialPath);
            return staging;
        }
    }

    /// <summary>Copies every file below <paramref name="source"/> into the partial directory, a few at a time.</summary>
    public async Task CopyFromAsync(string source, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // Hidden files must come too: on Unix a leading dot is "hidden", and .zattrs, .zgroup, .zarray are exactly that.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = Directory.EnumerateFiles(source, "*", options).ToList();
        foreach (var directory in Directory.EnumerateDirectories(source, "*", options))
        {
            Directory.CreateDirectory(Path.Combine(PartialPath, Path.GetRelativePath(source, directory)));
        }

        var done = 0;
        var step = Math.Max(1, files.Count / 20);
        progress?.Report($"copying {files.Count} files");
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var target = Path.Combine(PartialPath, Path.GetRelativePath(source, file));
            await using (var from = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await from.CopyToAsync(to, token).ConfigureAwait(false);
            }

            var count = Interlocked.Increment(ref done);
            if (count % step == 0 || count == files.Count)
            {
                progress?.Report($"copied {count} of {files.Count} files");
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Renames the partial directory to its final name (inside the open catalogue transaction, before commit).</summary>
    public void Publish()
    {
        Directory.Move(PartialPath, FinalPath);
        _published = true;
    }

    /// <summary>The import committed: the lock file goes, the files stay.</summary>
    public void Complete()
    {
        try
        {
            File.Delete(LockPath(Pixels, Name));
        }
        catch (IOException)
        {
            // The import is committed either way; the next cleanup finds the files referenced and drops the lock file.
        }

        _lock.Dispose();
    }

    /// <summary>
    /// The import failed: releases the lock and removes what this import wrote, asking the catalogue whether a
    /// renamed directory is referenced after all (a commit whose reply was lost). Anything it cannot settle stays,
    /// with its lock file, for the next import's <see cref="CleanUpAsync"/>.
    /// </summary>
    public async Task AbandonAsync(Catalog catalog)
    {
        _lock.Dispose();
        try
        {
            await CleanUpOneAsync(catalog, Pixels, Name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or CatalogException)
        {
            // Left for the next import.
        }
    }

    /// <summary>Releases the lock if neither <see cref="Complete"/> nor <see cref="AbandonAsync"/> did.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Removes what dead imports left in <paramref name="pixels"/>: for every lock file nobody holds, its partial
    /// directory, its final directory unless the catalogue references it, and the lock file. Imports still running hold
    /// their locks and are left alone.
    /// </summary>
    public static async Task<int> CleanUpAsync(Catalog catalog, string pixels, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(pixels))
        {
            return 0;
        }

        var cleaned = 0;
        foreach (var lockFile in Directory.EnumerateFiles(pixels, ".*" + LockSuffix, new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var fileName = Path.GetFileName(lockFile);
            var name = fileName[1..^LockSuffix.Length];
            if (name.Length > 0 && await CleanUpOneAsync(catalog, pixels, name, cancellationToken).ConfigureAwait(false))
            {
                cleaned++;
            }
        }

        return cleaned;
    }

    private static async Task<bool> CleanUpOneAsync(Catalog catalog, string pixels, string name, CancellationToken cancellationToken)
    {
        var lockPath = LockPath(pixels, name);
        FileStream held;
        try
        {
            held = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            // Held: that import is alive.
            return false;
        }

        using (held)
        {
            var partial = Path.Combine(pixels, "." + name + PartialSuffix);
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            var final = Path.Combine(pixels, name);
            if (Directory.Exists(final) && !await IsReferencedAsync(catalog, name, cancellationToken).ConfigureAwait(false))
            {
                Directory.Delete(final, recursive: true);
            }

            File.Delete(lockPath);
            return true;
        }
    }

    private static async Task<bool> IsReferencedAsync(Catalog catalog, string name, CancellationToken cancellationToken)
    {
        await using var connection = await catalog.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var prefix = name + "/";
        var parameters = new { name, prefix, length = prefix.Length, no = false };
        var sql = """
            SELECT (SELECT COUNT(*) FROM image WHERE in_place = @no AND (location = @name OR substr(location, 1, @length) = @prefix))
                 + (SELECT COUNT(*) FROM plate WHERE in_place = @no AND (location = @name OR substr(location, 1, @length) = @prefix))
            """;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    private static string LockPath(string pixels, string name) => Path.Combine(pixels, "." + name + LockSuffix);
}
