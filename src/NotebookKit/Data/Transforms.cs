using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>Resizes so the shorter side equals <paramref name="Size"/>, scaling up as well as down, aspect ratio kept.</summary>
public sealed record ResizeShorterSide(int Size) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        var scale = (double)Size / Math.Min(image.Width, image.Height);
        var w = Math.Max(Size, (int)Math.Round(image.Width * scale));
        var h = Math.Max(Size, (int)Math.Round(image.Height * scale));
        if (w != image.Width || h != image.Height) image.Mutate(x => x.Resize(w, h));
        return image;
    }

    public override string ToString() => $"ResizeShorterSide({Size})";
}

/// <summary>Cuts the centred <paramref name="Size"/>×<paramref name="Size"/> square (the image must be at least that big).</summary>
public sealed record CenterCrop(int Size) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (image.Width < Size || image.Height < Size)
            throw new ArgumentException($"CenterCrop({Size}) got a {image.Width}x{image.Height} image; resize first.");
        image.Mutate(x => x.Crop(new Rectangle((image.Width - Size) / 2, (image.Height - Size) / 2, Size, Size)));
        return image;
    }

    public override string ToString() => $"CenterCrop({Size})";
}
