using System.Runtime.InteropServices;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Support;

/// <summary>A test that needs the OS's libturbojpeg; skipped, saying why, where it does not load.</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute()
    {
        if (!TurboJpeg.IsAvailable) Skip = TurboJpegEncoder.Missing;
    }
}

/// <summary>The theory form of <see cref="TurboJpegFactAttribute"/>.</summary>
public sealed class TurboJpegTheoryAttribute : TheoryAttribute
{
    public TurboJpegTheoryAttribute()
    {
        if (!TurboJpeg.IsAvailable) Skip = TurboJpegEncoder.Missing;
    }
}

/// <summary>
/// Writes JPEGs of every chroma subsampling, progressive or not, greyscale and CMYK (YCCK), with libturbojpeg's
/// encoder: ImageSharp 2.1's encoder writes only 4:2:0, 4:4:4 and greyscale, baseline, and no CMYK at all.
/// </summary>
public static class TurboJpegEncoder
{
    public const string Missing = "needs the OS's libturbojpeg (Debian/Ubuntu: apt-get install libturbojpeg0; Fedora: dnf install turbojpeg)";

    /// <summary>TJSAMP_*: chroma subsampling.</summary>
    public enum Subsampling { S444 = 0, S422 = 1, S420 = 2, Gray = 3, S440 = 4, S411 = 5 }

    const int Progressive = 16384; // TJFLAG_PROGRESSIVE

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate nint InitCompress();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate int Destroy(nint handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Compress2(nint handle, byte[] source, int width, int pitch, int height, int pixelFormat, ref nint jpeg, ref CULong size, int subsampling, int quality, int flags);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate void Free(nint buffer);

    static readonly nint Library = TurboJpeg.Names.Select(n => NativeLibrary.TryLoad(n, out var h) ? h : 0).FirstOrDefault(h => h != 0);

    static T Export<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Library, name));

    /// <summary>Encodes packed RGB (<paramref name="cmyk"/>: packed CMYK, written as YCCK) at quality 90.</summary>
    public static byte[] Encode(byte[] pixels, int width, int height, Subsampling subsampling, bool progressive = false, bool cmyk = false)
    {
        var handle = Export<InitCompress>("tjInitCompress")();
        Assert.NotEqual(0, handle);
        nint jpeg = 0;
        var size = new CULong(0);
        try
        {
            var rc = Export<Compress2>("tjCompress2")(handle, pixels, width, 0, height, cmyk ? TurboJpeg.Cmyk : TurboJpeg.Rgb, ref jpeg, ref size, (int)subsampling, 90, progressive ? Progressive : 0);
            Assert.Equal(0, rc);
            var bytes = new byte[(int)size.Value];
            Marshal.Copy(jpeg, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            if (jpeg != 0) Export<Free>("tjFree")(jpeg);
            Export<Destroy>("tjDestroy")(handle);
        }
    }
}
