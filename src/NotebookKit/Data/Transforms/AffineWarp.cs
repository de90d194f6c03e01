using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>
/// Keras-style affine resampling, in place: each output pixel (x, y), taken relative to the image centre, reads the
/// input at (A·x + B·y, C·x + D·y) with bilinear interpolation, and points outside the image repeat the nearest edge
/// pixel (Keras' fill_mode='nearest'). One hand-written pass instead of ImageSharp's Transform, which fills with black.
/// </summary>
internal static class AffineWarp
{
    public static void Apply(Image<Rgb24> image, double a, double b, double c, double d)
    {
        int w = image.Width, h = image.Height;
        var source = ArrayPool<Rgb24>.Shared.Rent(w * h);
        try
        {
            image.CopyPixelDataTo(source.AsSpan(0, w * h));
            double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < h; y++)
                {
                    var row = rows.GetRowSpan(y);
                    var dy = y - cy;
                    for (var x = 0; x < w; x++)
                    {
                        var dx = x - cx;
                        var sx = Math.Clamp(cx + a * dx + b * dy, 0, w - 1);
                        var sy = Math.Clamp(cy + c * dx + d * dy, 0, h - 1);
                        row[x] = Bilinear(source, w, h, sx, sy);
                    }
                }
            });
        }
        finally
        {
            ArrayPool<Rgb24>.Shared.Return(source);
        }
    }

    static Rgb24 Bilinear(Rgb24[] src, int w, int h, double x, double y)
    {
        int x0 = (int)x, y0 = (int)y;
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        double fx = x - x0, fy = y - y0;
        Rgb24 p00 = src[y0 * w + x0], p01 = src[y0 * w + x1], p10 = src[y1 * w + x0], p11 = src[y1 * w + x1];
        byte Mix(byte v00, byte v01, byte v10, byte v11) =>
            (byte)Math.Round((v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy);
        return new Rgb24(Mix(p00.R, p01.R, p10.R, p11.R), Mix(p00.G, p01.G, p10.G, p11.G), Mix(p00.B, p01.B, p10.B, p11.B));
    }
}
