using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>
/// A C library from a Debian package, loaded the first time it is needed and handed to one assembly's
/// <c>[LibraryImport]</c> stubs by import name. Nothing loads at startup, and a missing library can be reported with
/// the package to install rather than as a bare DllNotFoundException. Shared by the Tessera libraries that call C.
/// </summary>
public sealed class DebianLibrary
{
    private static readonly ConcurrentDictionary<(Assembly Assembly, string ImportName), DebianLibrary> Registered = new();
    private static readonly ConcurrentDictionary<Assembly, bool> Resolving = new();

    private readonly Assembly _assembly;
    private readonly string[] _candidates;
    private readonly Lazy<(IntPtr Handle, Exception? Error)> _handle;

    /// <summary>
    /// Registers the library <paramref name="importName"/> of <paramref name="assembly"/>'s imports, found under the
    /// first of <paramref name="candidates"/> that loads.
    /// </summary>
    public DebianLibrary(Assembly assembly, string importName, string debianPackage, params string[] candidates)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(importName);
        ArgumentException.ThrowIfNullOrEmpty(debianPackage);
        if (candidates is not { Length: > 0 })
        {
            throw new ArgumentException("at least one file name is needed", nameof(candidates));
        }

        _assembly = assembly;
        _candidates = candidates;
        ImportName = importName;
        DebianPackage = debianPackage;
        _handle = new Lazy<(IntPtr, Exception?)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        Registered[(assembly, importName)] = this;

        // An assembly takes one resolver, set once, however many libraries it registers.
        if (Resolving.TryAdd(assembly, true))
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
    }

    /// <summary>The name used in <c>[LibraryImport]</c>.</summary>
    public string ImportName { get; }

    /// <summary>The Debian package that provides the library.</summary>
    public string DebianPackage { get; }

    /// <summary>The file name tried first (<c>libtiff.so.6</c>), for messages.</summary>
    public string FileName => _candidates[0];

    /// <summary>Loads the library if needed; null when it is loaded, else why it could not be.</summary>
    public Exception? LoadError()
    {
        var (handle, error) = _handle.Value;
        return handle != IntPtr.Zero ? null : error ?? new DllNotFoundException(FileName);
    }

    private (IntPtr, Exception?) Load()
    {
        Exception? last = null;
        foreach (var candidate in _candidates)
        {
            try
            {
                return (NativeLibrary.Load(candidate, _assembly, null), null);
            }
            catch (DllNotFoundException e)
            {
                last = e;
            }
            catch (BadImageFormatException e)
            {
                last = e;
            }
        }

        return (IntPtr.Zero, last);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        Registered.TryGetValue((assembly, libraryName), out var library) ? library._handle.Value.Handle : IntPtr.Zero;
}
