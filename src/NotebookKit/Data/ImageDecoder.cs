using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>
/// Decodes image files to 8-bit RGB, upright (EXIF orientation applied), transparency flattened onto white,
/// greyscale and 16-bit images converted. Decoding goes through a dedicated
/// ImageSharp <see cref="Configuration"/> that knows only the formats below (crafted GIF/TIFF files are a known
/// attack surface of ImageSharp 2.x), decodes only the first frame of GIF/TIFF, and refuses images whose header
/// claims more than <see cref="MaxPixels"/> pixels before any pixel is allocated.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Images claiming more pixels than this are refused before decoding (decompression bombs).</summary>
    public const long MaxPixels = 80_000_000;

    /// <summary>Frames an animated GIF may have; the decoder stops reading after the first one anyway.</summary>
    public const uint MaxFrames = 1;

    /// <summary>The formats the kit decodes, by file extension.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff" };

    /// <summary>
    /// The restricted configuration, internal so nobody can add formats back. Single-threaded per image: the <see cref="DataLoader"/> already decodes one image
    /// per core, and nested row parallelism only adds scheduling overhead.
    /// </summary>
    internal static Configuration Configuration { get; } = CreateConfiguration();

    static Configuration CreateConfiguration()
    {
        var config = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(),
            new GifConfigurationModule(), new TiffConfigurationModule(), new WebpConfigurationModule())
        { MaxDegreeOfParallelism = 1 };
        config.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = MaxFrames });
        config.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return config;
    }

    /// <summary>Reads the header only: size and format. Throws <see cref="DataException"/> for a file the kit cannot use.</summary>
    public static (int Width, int Height) Identify(string path)
    {
        var reason = Check(path, out var size);
        return reason is null ? size : throw new DataException($"'{path}' cannot be used: {reason}. Remove or replace the file.", path);
    }

    /// <summary>Why a file cannot be decoded, or null (then <paramref name="size"/> holds the size as stored, before EXIF rotation).</summary>
    public static string? Check(string path, out (int Width, int Height) size)
    {
        size = default;
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0) return "empty file (0 bytes)";
            var info = Image.Identify(Configuration, stream, out var format);
            if (info is null || format is null) return "not a recognised image format (JPEG, PNG, BMP, GIF, TIFF, WebP)";
            if ((long)info.Width * info.Height > MaxPixels)
                return $"header claims {info.Width}x{info.Height} pixels, over the {MaxPixels:N0}-pixel limit";
            if (format is JpegFormat && !HasEndOfImage(stream)) return "truncated JPEG (no end-of-image marker)";
            size = (info.Width, info.Height);
            return null;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return $"unreadable image ({e.Message})";
        }
    }

    /// <summary>
    /// ImageSharp 2.1 decodes a truncated JPEG without error, filling the missing part with black, so truncation is
    /// caught here: the EOI marker must be in the last 64 KiB (cameras and phones may append trailers after it).
    /// </summary>
    static bool HasEndOfImage(Stream stream)
    {
        var tail = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        return tail.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }

    /// <summary>Composites a transparent image onto white; dropping alpha would show whatever RGB hides under it (often black).</summary>
    static Image<Rgb24> Flatten(Image<Rgba32> image)
    {
        using (image)
        {
            image.Mutate(x => x.BackgroundColor(Color.White));
            return image.CloneAs<Rgb24>();
        }
    }

    /// <summary>Decodes <paramref name="path"/> to upright RGB. Throws <see cref="DataException"/> naming the file when it cannot.</summary>
    public static Image<Rgb24> Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var info = Image.Identify(Configuration, stream, out var format)
                ?? throw new DataException($"'{path}' is not a recognised image format (JPEG, PNG, BMP, GIF, TIFF, WebP). Remove or replace the file.", path);
            if ((long)info.Width * info.Height > MaxPixels)
                throw new DataException($"'{path}' claims {info.Width}x{info.Height} pixels, over the {MaxPixels:N0}-pixel limit. Downscale it or remove it.", path);
            stream.Position = 0;
            // JPEG has no alpha; other formats may (ImageSharp 2.1's header info does not say reliably), so they are flattened.
            var image = format is JpegFormat
                ? Image.Load<Rgb24>(Configuration, stream)
                : Flatten(Image.Load<Rgba32>(Configuration, stream));
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new DataException($"'{path}' could not be decoded ({e.Message}). Remove or replace the file.", path, e);
        }
    }
}
