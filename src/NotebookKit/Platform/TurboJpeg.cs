using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NotebookKit.Platform;

/// <summary>
/// The OS's TurboJPEG library (libjpeg-turbo's simple API, 2.0 or later), loaded by name where it is installed; only
/// its decoding calls are bound. SkiaSharp's x64 builds carry libjpeg-turbo without its x86 SIMD, a distribution's
/// libturbojpeg has it. A TurboJPEG handle is not thread-safe, so every decode opens its own (<see cref="Decompressor"/>).
/// </summary>
internal static class TurboJpeg
{
    /// <summary>Tried in order: Linux's soname (Debian/Ubuntu libturbojpeg0, Fedora turbojpeg), macOS (Homebrew's jpeg-turbo), Windows (libjpeg-turbo's installer).</summary>
    public static readonly IReadOnlyList<string> Names = ["libturbojpeg.so.0", "libturbojpeg.0.dylib", "turbojpeg.dll"];

    /// <summary>TJPF_RGB and TJPF_CMYK: the output pixel formats used.</summary>
    public const int Rgb = 0, Cmyk = 11;

    /// <summary>TJCS_CMYK and TJCS_YCCK: four-component JPEGs, which TurboJPEG only decodes to CMYK.</summary>
    const int ColourspaceCmyk = 3, ColourspaceYcck = 4;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate nint InitDecompressFn();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate int DestroyFn(nint handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int DecompressHeader3Fn(Decompressor handle, byte[] jpeg, CULong size, out int width, out int height, out int subsampling, out int colourspace);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Decompress2Fn(Decompressor handle, byte[] jpeg, CULong size, [Out] byte[] destination, int width, int pitch, int height, int pixelFormat, int flags);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate nint GetScalingFactorsFn(out int count);

    sealed record Api(InitDecompressFn InitDecompress, DestroyFn Destroy, DecompressHeader3Fn DecompressHeader3, Decompress2Fn Decompress2);

    static readonly Lazy<Api?> Bound = new(Bind);

    /// <summary>Whether a TurboJPEG 2.0 or later loaded and offers the 1/2, 1/4 and 1/8 scales the kit decodes at.</summary>
    public static bool IsAvailable => Bound.Value is not null;

    static Api? Bind()
    {
        foreach (var name in Names)
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            if (Export<InitDecompressFn>(library, "tjInitDecompress") is { } init && Export<DestroyFn>(library, "tjDestroy") is { } destroy
                && Export<DecompressHeader3Fn>(library, "tjDecompressHeader3") is { } header && Export<Decompress2Fn>(library, "tjDecompress2") is { } decompress
                && Export<GetScalingFactorsFn>(library, "tjGetScalingFactors") is { } factors && ScalesDown(factors)
                && NativeLibrary.TryGetExport(library, "tjGetErrorCode", out _)) // 2.0's: from 2.0 on, a libjpeg warning (a truncated file) fails the call
                return new Api(init, destroy, header, decompress);
            NativeLibrary.Free(library);
        }
        return null;
    }

    static T? Export<T>(nint library, string name) where T : Delegate =>
        NativeLibrary.TryGetExport(library, name, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;

    /// <summary>Whether 1/2, 1/4 and 1/8 are among the library's scaling factors (an array of {num, denom} int pairs).</summary>
    static bool ScalesDown(GetScalingFactorsFn get)
    {
        var array = get(out var count);
        if (array == 0 || count <= 0) return false;
        var pairs = new int[2 * count];
        Marshal.Copy(array, pairs, 0, pairs.Length);
        var offered = Enumerable.Range(0, count).Select(i => (pairs[2 * i], pairs[2 * i + 1])).ToHashSet();
        return offered.Contains((1, 2)) && offered.Contains((1, 4)) && offered.Contains((1, 8));
    }

    /// <summary>
    /// The file the library was loaded from and libjpeg-turbo's version read from it ("2.1.5"), each null where it cannot
    /// be told: only Linux says which file a name loaded (/proc/self/maps), and the version is a string the library
    /// carries ("libjpeg-turbo version 2.1.5 (build …)"), not something its API reports.
    /// </summary>
    public static (string? Path, string? Version) Describe()
    {
        if (!IsAvailable || !OperatingSystem.IsLinux()) return (null, null);
        try
        {
            var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(f => f.Length == 6 && Path.GetFileName(f[5]).StartsWith("libturbojpeg", StringComparison.Ordinal)).Select(f => f[5]).FirstOrDefault();
            return path is null ? (null, null) : (path, VersionIn(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (null, null); }
    }

    /// <summary>The version in libjpeg-turbo's "libjpeg-turbo version X.Y.Z" string inside <paramref name="library"/>, or null.</summary>
    internal static string? VersionIn(ReadOnlySpan<byte> library)
    {
        var marker = "libjpeg-turbo version "u8;
        var at = library.IndexOf(marker);
        if (at < 0) return null;
        var rest = library[(at + marker.Length)..];
        var end = rest.IndexOfAnyExcept("0123456789."u8);
        return end > 0 ? Encoding.ASCII.GetString(rest[..end]) : null;
    }

    /// <summary>One TurboJPEG decompression handle: for one thread at a time, destroyed when disposed.</summary>
    public sealed class Decompressor : SafeHandleZeroOrMinusOneIsInvalid
    {
        readonly Api api;

        Decompressor(Api api) : base(ownsHandle: true) => this.api = api;

        /// <summary>A new handle; throws when the library is not available (see <see cref="IsAvailable"/>) or cannot allocate one.</summary>
        public static Decompressor Create()
        {
            var api = Bound.Value ?? throw new InvalidOperationException("libturbojpeg is not available");
            var decompressor = new Decompressor(api);
            decompressor.SetHandle(api.InitDecompress());
            return decompressor.IsInvalid ? throw new OutOfMemoryException("tjInitDecompress returned no handle") : decompressor;
        }

        protected override bool ReleaseHandle() => api.Destroy(handle) == 0;

        /// <summary>
        /// The frame's size and the pixel format it decodes to (<see cref="Cmyk"/> for CMYK and YCCK JPEGs, else
        /// <see cref="Rgb"/>), or false when libjpeg-turbo reports an error or a warning reading the header.
        /// </summary>
        public bool ReadHeader(byte[] jpeg, out int width, out int height, out int pixelFormat)
        {
            var ok = api.DecompressHeader3(this, jpeg, new CULong((nuint)jpeg.Length), out width, out height, out _, out var colourspace) == 0;
            pixelFormat = colourspace is ColourspaceCmyk or ColourspaceYcck ? Cmyk : Rgb;
            return ok;
        }

        /// <summary>
        /// Decodes <paramref name="jpeg"/> to <paramref name="width"/>×<paramref name="height"/> packed pixels (rows
        /// without padding): libjpeg-turbo picks the largest of its scales whose size, rounded up, fits. False when it
        /// reports an error or any warning (libjpeg's warnings are damaged data it papered over, or a file that ended early).
        /// </summary>
        public bool Decompress(byte[] jpeg, byte[] destination, int width, int height, int pixelFormat)
        {
            var pitch = width * (pixelFormat == Cmyk ? 4 : 3);
            if ((long)pitch * height > destination.Length) throw new ArgumentException("destination too small", nameof(destination));
            return api.Decompress2(this, jpeg, new CULong((nuint)jpeg.Length), destination, width, pitch, height, pixelFormat, 0) == 0;
        }
    }
}
