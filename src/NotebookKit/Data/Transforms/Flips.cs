using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static System.FormattableString;

namespace NotebookKit.Data;

/// <summary>Mirrors the image left–right with probability <paramref name="P"/> (Keras' horizontal_flip=True is P = 0.5).</summary>
public sealed record RandomHorizontalFlip(double P = 0.5) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (rng.NextDouble() < P) image.Mutate(x => x.Flip(FlipMode.Horizontal));
        return image;
    }

    public override string ToString() => Invariant($"RandomHorizontalFlip(p={P:G3})");
}

/// <summary>Mirrors the image top–bottom with probability <paramref name="P"/> (for photos without an up, e.g. leaves or cells).</summary>
public sealed record RandomVerticalFlip(double P = 0.5) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (rng.NextDouble() < P) image.Mutate(x => x.Flip(FlipMode.Vertical));
        return image;
    }

    public override string ToString() => Invariant($"RandomVerticalFlip(p={P:G3})");
}

/// <summary>Always mirrors the image left–right: the second view of flip test-time augmentation.</summary>
public sealed record HorizontalFlip : IImageTransform
{
    public bool IsRandom => false;

    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        image.Mutate(x => x.Flip(FlipMode.Horizontal));
        return image;
    }

    public override string ToString() => "HorizontalFlip";
}
