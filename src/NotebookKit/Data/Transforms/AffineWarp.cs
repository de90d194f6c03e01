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
                    // Source coordinates advance by (a, c) per output pixel: no matrix product per pixel.
                    double sx = cx + a * -cx + b * (y - cy), sy = cy + c * -cx + d * (y - cy);
                    for (var x = 0; x < w; x++, sx += a, sy += c)
                        row[x] = Bilinear(source, w, h, Math.Clamp(sx, 0, w - 1), Math.Clamp(sy, 0, h - 1));
                }
            });
        }
        finally
        {
            ArrayPool<Rgb24>.Shared.Return(source);
        }
    }

    /// <summary>Bilinear sample with 8-bit fixed-point weights (exact at integer coordinates).</summary>
    static Rgb24 Bilinear(Rgb24[] src, int w, int h, double x, double y)
    {
        int x0 = (int)x, y0 = (int)y;
        int fx = (int)((x - x0) * 256 + 0.5), fy = (int)((y - y0) * 256 + 0.5);
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        ref readonly var p00 = ref src[y0 * w + x0];
        ref readonly var p01 = ref src[y0 * w + x1];
        ref readonly var p10 = ref src[y1 * w + x0];
        ref readonly var p11 = ref src[y1 * w + x1];
        int w00 = (256 - fx) * (256 - fy), w01 = fx * (256 - fy), w10 = (256 - fx) * fy, w11 = fx * fy;
        const int Half = 1 << 15;
        return new Rgb24(
            (byte)((p00.R * w00 + p01.R * w01 + p10.R * w10 + p11.R * w11 + Half) >> 16),
            (byte)((p00.G * w00 + p01.G * w01 + p10.G * w10 + p11.G * w11 + Half) >> 16),
            (byte)((p00.B * w00 + p01.B * w01 + p10.B * w10 + p11.B * w11 + Half) >> 16));
    }
}
