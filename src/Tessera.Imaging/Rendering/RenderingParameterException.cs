namespace Tessera.Imaging.Rendering;

/// <summary>
/// A rendering request asks for something malformed or impossible: a query parameter that does not parse, a
/// channel, plane, level or region the image does not have, a size out of bounds. The message is one line, the
/// parameter first ("c: channel 7 does not exist (the image has 3)"), so a server can return it as a 400 as is.
/// </summary>
public sealed class RenderingParameterException : ArgumentException
{
    private readonly string _message;

    /// <summary>Creates the exception for <paramref name="parameter"/>.</summary>
    public RenderingParameterException(string parameter, string problem, Exception? inner = null)
        : base($"{parameter}: {problem}", parameter, inner)
    {
        _message = $"{parameter}: {problem}";
        Parameter = parameter;
        Problem = problem;
    }

    /// <summary>The parameter at fault ("c", "z", "tile", "settings", …).</summary>
    public string Parameter { get; }

    /// <summary>What is wrong, without the parameter name.</summary>
    public string Problem { get; }

    /// <summary>The parameter and the problem; unlike <see cref="ArgumentException"/>, without a "(Parameter …)" suffix.</summary>
    public override string Message => _message;
}
