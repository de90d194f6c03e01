using NotebookKit.Platform;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>
/// A library that decodes a whole JPEG at 1/1, 1/2, 1/4 or 1/8 scale to RGB, colour profile not applied (ImageSharp
/// applied none either). One is chosen per process: the OS's libturbojpeg when it loads (libjpeg-turbo with its SIMD),
/// else SkiaSharp's libjpeg-turbo (without SIMD in its x64 builds); <see cref="EnvironmentVariable"/> overrides the
/// choice. Both give the same pixels and the same verdicts (docs/decoding.md). Only <see cref="ImageDecoder"/> decodes
/// through them, after its header checks.
/// </summary>
internal abstract class JpegBackend
{
    /// <summary><c>skia</c>, <c>turbojpeg</c>, or <c>auto</c> (the default): which backend decodes JPEGs.</summary>
    public const string EnvironmentVariable = "NOTEBOOKKIT_JPEG_DECODER";

    /// <summary>How to install libturbojpeg where the OS packages it.</summary>
    public const string InstallHint = "sudo apt-get install libturbojpeg0 (Debian/Ubuntu) or sudo dnf install turbojpeg (Fedora)";

    /// <summary>The value of <see cref="EnvironmentVariable"/> that selects this backend.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Decodes <paramref name="file"/> (a whole JPEG whose header check read a <paramref name="size"/> frame) at
    /// 1/<paramref name="denominator"/> scale, each side rounded up. Throws <see cref="InvalidDataException"/> for
    /// anything but a complete decode of that frame (a corrupt or truncated scan, a frame of another size).
    /// </summary>
    public abstract Image<Rgb24> Decode(byte[] file, int denominator, (int Width, int Height) size);

    /// <summary>The backend of this process, chosen at the first JPEG; throws when <see cref="EnvironmentVariable"/> asks for something unusable.</summary>
    public static JpegBackend Current => Chosen.Value;

    static readonly Lazy<JpegBackend> Chosen = new(() => Choose(Environment.GetEnvironmentVariable(EnvironmentVariable), TurboJpeg.IsAvailable));

    /// <summary>
    /// The backend <paramref name="setting"/> (the variable's value, null when unset) selects. Throws
    /// <see cref="ArgumentException"/> for an unknown value and <see cref="InvalidOperationException"/> when it asks
    /// for libturbojpeg and none loads: an explicit choice is never silently replaced.
    /// </summary>
    public static JpegBackend Choose(string? setting, bool turboJpegAvailable) => setting?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => turboJpegAvailable ? TurboJpegBackend.Instance : SkiaJpegBackend.Instance,
        "skia" => SkiaJpegBackend.Instance,
        "turbojpeg" => turboJpegAvailable ? TurboJpegBackend.Instance
            : throw new InvalidOperationException($"{EnvironmentVariable}={setting} but no libturbojpeg loads (tried {string.Join(", ", TurboJpeg.Names)}): install it ({InstallHint}) or unset the variable."),
        _ => throw new ArgumentException($"{EnvironmentVariable}={setting} is not a JPEG decoder: use skia, turbojpeg or auto (or unset it)."),
    };

    /// <summary>The message for a decoder whose header gives another frame size than the header check read (so the decode budget would not hold).</summary>
    protected static string OtherFrame((int Width, int Height) read, (int Width, int Height) size) =>
        $"libjpeg-turbo reads a {read.Width}x{read.Height} frame where the header check read {size.Width}x{size.Height}";
}
