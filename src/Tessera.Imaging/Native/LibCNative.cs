using System.Runtime.InteropServices;

namespace Tessera.Imaging.Native;

/// <summary>The one libc function needed: formatting a printf-style message handed over with a va_list.</summary>
internal static unsafe partial class LibCNative
{
    /// <summary>
    /// vsnprintf. On x86-64 System V (and AArch64) a va_list parameter is passed as a pointer, so the pointer libtiff
    /// gives its error handler can be forwarded as is; it may be consumed only once.
    /// </summary>
    [LibraryImport("c", EntryPoint = "vsnprintf")]
    public static partial int VsnPrintf(byte* buffer, nuint size, byte* format, IntPtr arguments);
}
