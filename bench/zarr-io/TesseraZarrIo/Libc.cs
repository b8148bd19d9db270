using System.Runtime.InteropServices;

namespace Tessera.Bench.ZarrIo;

/// <summary>The one libc call the probes need: sync(2), to start write probes without pending write-back.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "sync")]
    public static partial void Sync();
}
