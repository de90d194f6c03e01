using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static System.FormattableString;

namespace NotebookKit.Data;

/// <summary>
/// torchvision's ColorJitter without hue: brightness, contrast and saturation factors drawn uniformly in
/// [max(0, 1 − v), 1 + v] and applied in a random order. Factor 1 leaves the image unchanged; brightness 0 gives
/// black, contrast 0 the mean grey, saturation 0 the greyscale image.
/// </summary>
public sealed record ColorJitter(double Brightness = 0, double Contrast = 0, double Saturation = 0) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        int[] order = [0, 1, 2];
        rng.Shuffle(order);
        foreach (var op in order)
        {
            var amount = op switch { 0 => Brightness, 1 => Contrast, _ => Saturation };
            if (amount <= 0) continue;
            var factor = RandomResizedCrop.Uniform(rng, Math.Max(0, 1 - amount), 1 + amount);
            if (op == 0) AdjustBrightness(image, factor);
            else if (op == 1) AdjustContrast(image, factor);
            else AdjustSaturation(image, factor);
        }
        return image;
    }

    internal static void AdjustBrightness(Image<Rgb24> image, double f) => Blend(image, f, _ => 0);

    internal static void AdjustContrast(Image<Rgb24> image, double f)
    {
        var mean = Math.Round(MeanLuma(image));
        Blend(image, f, _ => mean);
    }

    internal static void AdjustSaturation(Image<Rgb24> image, double f) => Blend(image, f, Luma);

    /// <summary>Each channel becomes f·value + (1 − f)·reference(pixel), rounded and clamped to 0–255 (PIL's ImageEnhance).</summary>
    static void Blend(Image<Rgb24> image, double f, Func<Rgb24, double> reference)
    {
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    var r = (1 - f) * reference(p);
                    row[x] = new Rgb24(Clamp(f * p.R + r), Clamp(f * p.G + r), Clamp(f * p.B + r));
                }
            }
        });
    }

    /// <summary>ITU-R 601 luma, as PIL's convert("L").</summary>
    static double Luma(Rgb24 p) => (299 * p.R + 587 * p.G + 114 * p.B) / 1000.0;

    static double MeanLuma(Image<Rgb24> image)
    {
        double sum = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y)) sum += Luma(p);
        });
        return sum / (image.Width * (double)image.Height);
    }

    static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);

    public override string ToString() => Invariant($"ColorJitter(brightness={Brightness:G3}, contrast={Contrast:G3}, saturation={Saturation:G3})");
}
