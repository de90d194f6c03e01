using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Phone-size copies of the bench photos: each upscaled to 4032×3024 (3024×4032 when portrait), a 12-megapixel
/// phone's size, and saved as a quality-90 JPEG. Written once per bench run into its temp folder, never beside the data.
/// </summary>
static class PhonePhotos
{
    public const int LongSide = 4032, ShortSide = 3024;

    /// <summary>Writes <paramref name="count"/> photos made from <paramref name="sources"/> (cycled) into <paramref name="folder"/>; their paths, in order.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> sources, int count, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new string[count];
        Parallel.For(0, count, i =>
        {
            using var image = ImageDecoder.Load(sources[i % sources.Count]);
            Upscale(image);
            paths[i] = Path.Combine(folder, $"phone{i:D3}.jpg");
            Save(image, paths[i]);
        });
        return paths;
    }

    /// <summary>Resizes <paramref name="image"/> to a phone's size, keeping its orientation.</summary>
    public static void Upscale(Image image)
    {
        var (w, h) = image.Width >= image.Height ? (LongSide, ShortSide) : (ShortSide, LongSide);
        image.Mutate(x => x.Resize(w, h));
    }

    /// <summary>Saves as a phone would: a quality-90 JPEG.</summary>
    public static void Save(Image image, string path) => image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
}
