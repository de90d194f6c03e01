using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Tests.Explainability;

/// <summary>Synthetic pictures with a known answer: a bright disc on a noisy grey texture, or the texture alone.</summary>
static class DiscImages
{
    public const int Size = 128;

    /// <summary>The texture, with a white disc centred at (cx, cy) when <paramref name="disc"/> is true.</summary>
    public static Image<Rgb24> Draw(Random rng, bool disc, int cx = 0, int cy = 0, int radius = 16)
    {
        var image = new Image<Rgb24>(Size, Size);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var inside = disc && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
                var v = (byte)(inside ? 250 : 90 + rng.Next(60));
                image[x, y] = new Rgb24(v, v, v);
            }
        return image;
    }

    /// <summary>A disc somewhere inside the left or right half, clear of the middle line and the borders.</summary>
    public static Image<Rgb24> DiscIn(Random rng, bool left) =>
        Draw(rng, true, (left ? 0 : Size / 2) + rng.Next(24, Size / 2 - 24), rng.Next(24, Size - 24));
}
