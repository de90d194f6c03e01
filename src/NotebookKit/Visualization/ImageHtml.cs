using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Visualization;

/// <summary>An image as an inline &lt;img&gt; (PNG data URI): shows in notebooks and pages with no file beside it.</summary>
public static class ImageHtml
{
    /// <summary>The image as a PNG &lt;img&gt;, scaled down (never up) so its longer side is at most <paramref name="maxSide"/>.</summary>
    public static string Png(Image<Rgb24> image, int maxSide = 512)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        using var ms = new MemoryStream();
        if (Math.Max(image.Width, image.Height) > maxSide)
        {
            using var small = image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(maxSide, maxSide), Mode = ResizeMode.Max }));
            small.Save(ms, new PngEncoder());
            return Tag(ms, small.Width, small.Height);
        }
        image.Save(ms, new PngEncoder());
        return Tag(ms, image.Width, image.Height);
    }

    static string Tag(MemoryStream png, int width, int height) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png.ToArray())}\" width=\"{width}\" height=\"{height}\"/>";
}
