using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static System.FormattableString;

namespace NotebookKit.Data;

/// <summary>Resizes to exactly <paramref name="Width"/>×<paramref name="Height"/>, ignoring the aspect ratio (Keras' target_size).</summary>
public sealed record Resize(int Width, int Height) : IImageTransform
{
    public Resize(int size) : this(size, size) { }

    public bool IsRandom => false;

    /// <summary>Both sides at least the larger target side: a shrink on each axis.</summary>
    public int? SourceSize => Math.Max(Width, Height);

    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (image.Width != Width || image.Height != Height) image.Mutate(x => x.Resize(Width, Height));
        return image;
    }

    public override string ToString() => $"Resize({Width}x{Height})";
}

/// <summary>Resizes so the shorter side equals <paramref name="Size"/>, scaling up as well as down, aspect ratio kept.</summary>
public sealed record ResizeShorterSide(int Size, Interpolation Interpolation = Interpolation.Bicubic) : IImageTransform
{
    public bool IsRandom => false;

    public int? SourceSize => Size;

    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        var scale = (double)Size / Math.Min(image.Width, image.Height);
        var w = Math.Max(Size, (int)Math.Round(image.Width * scale));
        var h = Math.Max(Size, (int)Math.Round(image.Height * scale));
        if (w != image.Width || h != image.Height)
            image.Mutate(x => x.Resize(w, h, Interpolation == Interpolation.Bilinear ? KnownResamplers.Triangle : KnownResamplers.Bicubic));
        return image;
    }

    public override string ToString() => Interpolation == Interpolation.Bicubic ? $"ResizeShorterSide({Size})" : $"ResizeShorterSide({Size}, {Interpolation})";
}

/// <summary>Cuts the centred <paramref name="Size"/>×<paramref name="Size"/> square (the image must be at least that big).</summary>
public sealed record CenterCrop(int Size) : IImageTransform
{
    public bool IsRandom => false;

    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (image.Width < Size || image.Height < Size)
            throw new ArgumentException($"CenterCrop({Size}) got a {image.Width}x{image.Height} image; resize first.");
        image.Mutate(x => x.Crop(new Rectangle((image.Width - Size) / 2, (image.Height - Size) / 2, Size, Size)));
        return image;
    }

    public override string ToString() => $"CenterCrop({Size})";
}

/// <summary>
/// torchvision's RandomResizedCrop: a crop covering a random <paramref name="Scale"/> fraction of the area with a
/// random aspect ratio (log-uniform in <paramref name="Ratio"/>), resized to <paramref name="Size"/>×<paramref name="Size"/>.
/// </summary>
public sealed record RandomResizedCrop(int Size, (double Min, double Max) Scale, (double Min, double Max) Ratio) : IImageTransform
{
    /// <summary>torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3).</summary>
    public RandomResizedCrop(int size) : this(size, (0.08, 1.0), (3.0 / 4, 4.0 / 3)) { }

    /// <summary>
    /// Enough that even the smallest crop still shrinks to <see cref="Size"/>: a crop of area fraction s and aspect a
    /// of a photo whose shorter side is S has sides of at least S·√(s·min(a, 1/a)), so S ≥ Size / √(Scale.Min·min(Ratio.Min,
    /// 1/Ratio.Max)) (915 px for 224 at torchvision's defaults). The boxes are drawn in fractions of the photo, so the
    /// same seed crops the same region at any decode scale, up to a pixel of rounding.
    /// </summary>
    public int? SourceSize => (int)Math.Ceiling(Size / Math.Sqrt(Scale.Min * Math.Min(Ratio.Min, 1 / Ratio.Max)));

    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        var box = SampleBox(image.Width, image.Height, rng);
        image.Mutate(x => x.Crop(box).Resize(Size, Size));
        return image;
    }

    /// <summary>The crop box, drawn exactly as torchvision does: ten tries, then a centre crop clamped to the ratio range.</summary>
    internal Rectangle SampleBox(int width, int height, Random rng)
    {
        double area = width * height, logMin = Math.Log(Ratio.Min), logMax = Math.Log(Ratio.Max);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * Uniform(rng, Scale.Min, Scale.Max);
            var aspect = Math.Exp(Uniform(rng, logMin, logMax));
            var w = (int)Math.Round(Math.Sqrt(target * aspect));
            var h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return new Rectangle(rng.Next(width - w + 1), rng.Next(height - h + 1), w, h);
        }
        var inRatio = (double)width / height;
        var (cw, ch) = inRatio < Ratio.Min ? (width, (int)Math.Round(width / Ratio.Min))
            : inRatio > Ratio.Max ? ((int)Math.Round(height * Ratio.Max), height)
            : (width, height);
        return new Rectangle((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    internal static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    public override string ToString() => Invariant($"RandomResizedCrop({Size}, scale=({Scale.Min:G3}, {Scale.Max:G3}), ratio=({Ratio.Min:G3}, {Ratio.Max:G3}))");
}
