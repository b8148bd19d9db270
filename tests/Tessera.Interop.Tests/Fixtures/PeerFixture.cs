using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>
/// Prepares a whole direction of the interop matrix once per test class: data in a temporary directory
/// and one peer process over all of it. A failure is kept and raised by every test that asks for the
/// run, so each test fails (never skips) with the cause, e.g. "run ./scripts/setup.sh".
/// </summary>
public abstract class PeerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory;
    private PeerRun? _run;
    private Exception? _failure;

    private protected PeerFixture(string purpose)
    {
        _directory = new TemporaryDirectory(purpose);
    }

    /// <summary>Where the arrays of this run live.</summary>
    internal string DataRoot => _directory.Combine("data");

    /// <summary>The peer's reports; throws the preparation failure instead when there was one.</summary>
    internal PeerRun Run => _failure switch
    {
        null => _run ?? throw new InvalidOperationException("the fixture has not been initialised"),
        PeerUnavailableException unavailable => throw new PeerUnavailableException(unavailable.Message),
        var failure => throw new InvalidOperationException($"preparing the peer run failed: {failure.Message}", failure),
    };

    public async Task InitializeAsync()
    {
        try
        {
            Directory.CreateDirectory(DataRoot);
            _run = await PrepareAsync(DataRoot, _directory.Path);
        }
        catch (Exception e)
        {
            // Kept, not thrown: xunit would otherwise report one opaque fixture error for the class.
            _failure = e;
        }
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Writes what the direction needs under <paramref name="dataRoot"/> and runs the peer once.</summary>
    private protected abstract Task<PeerRun> PrepareAsync(string dataRoot, string workDirectory);
}
