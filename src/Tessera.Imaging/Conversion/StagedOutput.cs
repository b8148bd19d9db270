using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// A conversion's output directory, written under a hidden temporary name beside it and renamed into place only
/// when complete. A failed run removes its temporary directory; a killed one leaves it (without group metadata, so it
/// never validates), and the next run over the same output removes it first.
/// </summary>
public sealed class StagedOutput
{
    private StagedOutput(string output, string staging)
    {
        Output = output;
        Staging = staging;
    }

    /// <summary>The final directory.</summary>
    public string Output { get; }

    /// <summary>The temporary directory the conversion writes into.</summary>
    public string Staging { get; }

    /// <summary>The temporary name used for <paramref name="output"/>: ".NAME.partial" in the same directory, so the rename stays on one file system.</summary>
    public static string StagingPath(string output)
    {
        var full = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + ".partial");
    }

    /// <summary>
    /// Runs <paramref name="write"/> against a store over a fresh staging directory, then moves it to
    /// <paramref name="output"/> (replacing an existing output only when <paramref name="overwrite"/>).
    /// </summary>
    /// <exception cref="IOException">The output exists and <paramref name="overwrite"/> is false.</exception>
    public static async Task WriteAsync(string output, bool overwrite, Func<FileSystemStore, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        var final = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
        if ((Directory.Exists(final) || File.Exists(final)) && !overwrite)
        {
            throw new IOException($"{output}: already exists (pass --overwrite to replace it)");
        }

        var staging = new StagedOutput(final, StagingPath(final));
        if (Directory.Exists(staging.Staging))
        {
            // Left by a run that was killed: it is incomplete by construction.
            Directory.Delete(staging.Staging, recursive: true);
        }

        Directory.CreateDirectory(staging.Staging);
        try
        {
            await write(new FileSystemStore(staging.Staging)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            staging.Commit(overwrite);
        }
        catch
        {
            TryDelete(staging.Staging);
            throw;
        }
    }

    private void Commit(bool overwrite)
    {
        string? previous = null;
        if (overwrite && (Directory.Exists(Output) || File.Exists(Output)))
        {
            // Move the old output aside first, so at every moment one complete output exists under the final name or beside it.
            previous = Path.Combine(Path.GetDirectoryName(Output) ?? ".", "." + Path.GetFileName(Output) + ".replaced");
            TryDelete(previous);
            if (Directory.Exists(Output))
            {
                Directory.Move(Output, previous);
            }
            else
            {
                File.Move(Output, previous);
            }
        }

        Directory.Move(Staging, Output);
        if (previous is not null)
        {
            TryDelete(previous);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover staging directory is removed by the next run.
        }
    }
}
