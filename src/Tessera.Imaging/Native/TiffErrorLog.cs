using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Tessera.Imaging.Native;

/// <summary>
/// Collects the errors libtiff reports for one handle through the per-handle handlers of TIFFOpenExt, so that a
/// failing call becomes an <see cref="ImageFormatException"/> with libtiff's own words and nothing reaches stderr.
/// </summary>
internal sealed unsafe class TiffErrorLog : IDisposable
{
    private const int MaxKept = 8;

    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly string _path;
    private GCHandle _self;

    public TiffErrorLog(string path)
    {
        _path = path;
        _self = GCHandle.Alloc(this);
    }

    /// <summary>The warnings libtiff reported (the first few), kept for diagnosis rather than printed.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Opens the log's file in libtiff <paramref name="mode"/> with this log as the handle's error and warning handler. Returns zero on failure
    /// (the reason is in the log).
    /// </summary>
    public IntPtr Open(string mode)
    {
        var options = TiffNative.OpenOptionsAlloc();
        try
        {
            var user = GCHandle.ToIntPtr(_self);
            TiffNative.OpenOptionsSetErrorHandlerExtR(options, &OnError, user);
            TiffNative.OpenOptionsSetWarningHandlerExtR(options, &OnWarning, user);
            return TiffNative.OpenExt(_path, mode, options);
        }
        finally
        {
            TiffNative.OpenOptionsFree(options);
        }
    }

    /// <summary>Forgets earlier errors, before a call whose failure is to be explained.</summary>
    public void Clear() => _errors.Clear();

    /// <summary>True when libtiff reported an error since <see cref="Clear"/>.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>An exception for a failed call: <paramref name="what"/>, then libtiff's messages if it gave any.</summary>
    public ImageFormatException Failure(string what)
    {
        var problem = _errors.Count == 0 ? what : $"{what}: {string.Join("; ", _errors.Distinct())}";
        _errors.Clear();
        return new ImageFormatException(_path, problem);
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnError(IntPtr tif, IntPtr user, byte* module, byte* format, IntPtr arguments)
    {
        Record(user, module, format, arguments, warning: false);
        return 1; // handled: libtiff does not call the process-wide handler (which prints to stderr)
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnWarning(IntPtr tif, IntPtr user, byte* module, byte* format, IntPtr arguments)
    {
        Record(user, module, format, arguments, warning: true);
        return 1;
    }

    private static void Record(IntPtr user, byte* module, byte* format, IntPtr arguments, bool warning)
    {
        // An exception must not unwind into libtiff's C frames.
        try
        {
            if (user == IntPtr.Zero || GCHandle.FromIntPtr(user).Target is not TiffErrorLog log)
            {
                return;
            }

            var list = warning ? log._warnings : log._errors;
            if (list.Count < MaxKept)
            {
                list.Add(log.Format(module, format, arguments));
            }
        }
        catch (Exception)
        {
        }
    }

    private string Format(byte* module, byte* format, IntPtr arguments)
    {
        const int size = 1024;
        var buffer = stackalloc byte[size];
        var length = format == null ? 0 : LibCNative.VsnPrintf(buffer, size, format, arguments);
        var message = length <= 0 ? "" : Encoding.UTF8.GetString(buffer, Math.Min(length, size - 1));
        message = message.Replace('\n', ' ').Replace('\r', ' ').Trim();

        // libtiff often starts with the file name, which the exception already carries.
        if (message.StartsWith(_path + ": ", StringComparison.Ordinal))
        {
            message = message[(_path.Length + 2)..];
        }

        var moduleName = module == null ? null : Marshal.PtrToStringUTF8((IntPtr)module);
        return string.IsNullOrEmpty(moduleName) || moduleName == _path ? message : $"{moduleName}: {message}";
    }
}
