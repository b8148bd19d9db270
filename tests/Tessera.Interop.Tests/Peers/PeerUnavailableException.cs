namespace Tessera.Interop.Tests.Peers;

/// <summary>A peer implementation is not installed; the message says how to install it.</summary>
internal sealed class PeerUnavailableException(string message) : Exception(message);
