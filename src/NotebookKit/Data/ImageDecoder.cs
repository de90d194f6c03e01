using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>Decodes image files to 8-bit RGB, upright (EXIF orientation applied), with a bound on pixel count.</summary>
public static class ImageDecoder
{
    /// <summary>Images claiming more pixels than this are refused before decoding (decompression bombs).</summary>
    public const long MaxPixels = 80_000_000;

    public static Image<Rgb24> Load(string path)
    {
        try
        {
            var info = Image.Identify(path) ?? throw new DataException($"'{path}' is not a recognised image format.", path);
            if ((long)info.Width * info.Height > MaxPixels)
                throw new DataException($"'{path}' claims {info.Width}x{info.Height} pixels, over the {MaxPixels:N0}-pixel limit. Downscale it or remove it.", path);
            var image = Image.Load<Rgb24>(path);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or IOException or NotSupportedException)
        {
            throw new DataException($"'{path}' could not be decoded ({e.Message}). Remove or replace the file.", path, e);
        }
    }
}
