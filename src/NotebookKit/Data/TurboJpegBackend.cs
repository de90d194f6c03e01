using System.Buffers;
using System.Runtime.InteropServices;
using NotebookKit.Platform;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>
/// JPEGs through the OS's libturbojpeg (<see cref="TurboJpeg"/>), straight to packed RGB in a pooled buffer. A file it
/// cannot decode cleanly — an error, any libjpeg warning (a truncated scan, damaged data it papered over), a header
/// it reads differently, or a progressive file that stops before its last scan — is handed to
/// <see cref="SkiaJpegBackend"/>, whose verdict and pixels the kit has always given: so damaged files are judged the
/// same whichever backend runs, at the price of a second decode for those rare files only.
/// </summary>
internal sealed class TurboJpegBackend : JpegBackend
{
    public static readonly TurboJpegBackend Instance = new();

    TurboJpegBackend() { }

    public override string Name => "turbojpeg";

    public override Image<Rgb24> Decode(byte[] file, int denominator, (int Width, int Height) size) =>
        TryDecode(file, denominator, size) ?? SkiaJpegBackend.Instance.Decode(file, denominator, size);

    /// <summary>The image, or null when libturbojpeg reports anything but a clean decode of a <paramref name="size"/> frame.</summary>
    internal static Image<Rgb24>? TryDecode(byte[] file, int denominator, (int Width, int Height) size)
    {
        if (ScaledJpeg.IsIncompleteProgressive(file)) return null;
        // One handle per decode: handles are not thread-safe, and the loader decodes on several threads.
        using var turbo = TurboJpeg.Decompressor.Create();
        if (!turbo.ReadHeader(file, out var width, out var height, out var format) || (width, height) != size) return null;
        var (w, h) = (ScaledJpeg.Scaled(width, denominator), ScaledJpeg.Scaled(height, denominator));
        var channels = format == TurboJpeg.Cmyk ? 4 : 3;
        var buffer = ArrayPool<byte>.Shared.Rent(w * h * channels);
        try
        {
            if (!turbo.Decompress(file, buffer, w, h, format)) return null;
            var image = new Image<Rgb24>(ImageDecoder.Configuration, w, h);
            for (var y = 0; y < h; y++)
            {
                var row = buffer.AsSpan(y * w * channels, w * channels);
                var target = image.DangerousGetPixelRowMemory(y).Span;
                if (channels == 3) MemoryMarshal.Cast<byte, Rgb24>(row).CopyTo(target);
                else InvertedCmykToRgb(row, target);
            }
            return image;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Skia's conversion, so both backends agree: CMYK JPEGs are taken to hold Adobe's inverted values (255 = no ink),
    /// as nearly all do, and each colour is its component scaled by K, rounded: (c·k + 127) / 255.
    /// </summary>
    static void InvertedCmykToRgb(ReadOnlySpan<byte> cmyk, Span<Rgb24> rgb)
    {
        for (var i = 0; i < rgb.Length; i++)
        {
            var k = cmyk[4 * i + 3];
            rgb[i] = new Rgb24((byte)((cmyk[4 * i] * k + 127) / 255), (byte)((cmyk[4 * i + 1] * k + 127) / 255), (byte)((cmyk[4 * i + 2] * k + 127) / 255));
        }
    }
}
