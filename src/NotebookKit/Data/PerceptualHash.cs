using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>
/// dHash, a 64-bit perceptual hash: shrink to 9×8 grey pixels and record, per row, whether each pixel is brighter
/// than its left neighbour. Re-encoding, resizing and small colour changes flip few bits, so near-duplicate photos
/// are a few bits apart while unrelated ones differ in about 32.
/// </summary>
public static class PerceptualHash
{
    public static ulong DHash(string path)
    {
        using var image = ImageDecoder.Load(path, 32); // 1/8 of a photo is plenty for 9×8 (libjpeg's scaled IDCT averages, like the box filter)
        return DHash(image);
    }

    /// <summary>Bit y·8 + x is set when pixel (x + 1, y) of the 9×8 thumbnail is brighter than pixel (x, y), as in Python's imagehash.</summary>
    public static ulong DHash(Image<Rgb24> image)
    {
        // Box filtering averages every source pixel into the thumbnail (no aliasing from skipped pixels).
        using var small = image.Clone(x => x.Resize(9, 8, KnownResamplers.Box));
        ulong hash = 0;
        for (var y = 0; y < 8; y++)
            for (var x = 0; x < 8; x++)
                if (Luma(small[x + 1, y]) > Luma(small[x, y])) hash |= 1UL << (y * 8 + x);
        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    static int Luma(Rgb24 p) => 299 * p.R + 587 * p.G + 114 * p.B;
}
