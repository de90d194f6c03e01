using System.Net;
using System.Text;
using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Visualization;

/// <summary>One picture of a gallery and the caption under it.</summary>
public sealed record GalleryItem(string Path, string Caption, bool Highlight = false);

/// <summary>An in-memory picture of a gallery (an overlay, a rendered map) and the caption under it.</summary>
public sealed record GalleryImage(Image<Rgb24> Image, string Caption, bool Highlight = false);

/// <summary>
/// A grid of captioned thumbnails as self-contained HTML (JPEG data URIs): renders in a notebook, in an
/// HTML report and in a browser, with no files beside it and nothing fetched.
/// </summary>
public static partial class ImageGallery
{
    /// <summary>A gallery of image files; hovering a picture shows its path, so a photo worth fixing can be found.</summary>
    public static string Html(IEnumerable<GalleryItem> items, int thumbnail = 128, int columns = 8, string? title = null) =>
        Grid(items.Select(item => (Thumbnail(item.Path, thumbnail), item.Caption, item.Highlight, (string?)item.Path)), thumbnail, columns, title);

    /// <summary>A gallery of images already in memory (e.g. Grad-CAM overlays); the images are not disposed.</summary>
    public static string Html(IEnumerable<GalleryImage> images, int thumbnail = 128, int columns = 8, string? title = null) =>
        Grid(images.Select(item => (Thumbnail(item.Image, thumbnail), item.Caption, item.Highlight, (string?)null)), thumbnail, columns, title);

    static string Grid(IEnumerable<(string JpegBase64, string Caption, bool Highlight, string? Tooltip)> items, int thumbnail, int columns, string? title)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"nbk-gallery\">");
        if (title is not null) sb.Append("<div style=\"font-weight:bold;margin:4px 0\">").Append(WebUtility.HtmlEncode(title)).Append("</div>");
        sb.Append($"<div style=\"display:grid;grid-template-columns:repeat({columns},{thumbnail + 8}px);gap:6px\">");
        var any = false;
        foreach (var (jpeg, caption, highlight, tooltip) in items)
        {
            any = true;
            var border = highlight ? "#d62728" : "#ddd";
            var hover = tooltip is null ? "" : $" title=\"{WebUtility.HtmlEncode(tooltip)}\"";
            sb.Append($"<figure{hover} style=\"margin:0;text-align:center;font:11px sans-serif\">")
              .Append($"<img src=\"data:image/jpeg;base64,{jpeg}\" style=\"width:{thumbnail}px;height:{thumbnail}px;object-fit:cover;border:2px solid {border}\"/>")
              .Append("<figcaption style=\"overflow-wrap:anywhere\">").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>");
        }
        if (!any) sb.Append("<div style=\"font:12px sans-serif;color:#555\">none found</div>");
        return sb.Append("</div></div>").ToString();
    }

    /// <summary>The first <paramref name="perClass"/> images of each class of a dataset, captioned with the class.</summary>
    public static string Html(ImageDataset dataset, int perClass = 4, int thumbnail = 128) =>
        Html(dataset.Samples.GroupBy(s => s.Label).OrderBy(g => g.Key)
                .SelectMany(g => g.Take(perClass).Select(s => new GalleryItem(s.Path, dataset.Classes[s.Label]))),
             thumbnail, columns: Math.Min(8, perClass * dataset.Classes.Count), title: $"{dataset.Name}: {perClass} per class");

    static string Thumbnail(string path, int size)
    {
        using var image = ImageDecoder.Load(path, size);
        return Thumbnail(image, size);
    }

    static string Thumbnail(Image<Rgb24> source, int size)
    {
        using var image = source.Clone(x => x.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Crop }));
        using var ms = new MemoryStream();
        image.Save(ms, new JpegEncoder { Quality = 80 });
        return Convert.ToBase64String(ms.ToArray());
    }
}
