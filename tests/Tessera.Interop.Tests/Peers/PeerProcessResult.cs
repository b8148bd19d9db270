namespace Tessera.Interop.Tests.Peers;

/// <summary>How a peer process ended, with everything it printed.</summary>
internal sealed record PeerProcessResult(int ExitCode, string StandardOutput, string StandardError);
