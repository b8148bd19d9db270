namespace Tessera.Imaging;

/// <summary>
/// An image file cannot be read or does not hold what it claims. The message is one line: the file, then the problem.
/// </summary>
public sealed class ImageFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="file"/>.</summary>
    public ImageFormatException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file (path or name) the problem is in.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
