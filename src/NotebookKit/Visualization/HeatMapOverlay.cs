using NotebookKit.Explainability;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Visualization;

/// <summary>Draws a <see cref="HeatMap"/> over a picture with a jet-like colormap (blue = low, red = high).</summary>
public static class HeatMapOverlay
{
    /// <summary>
    /// A new image the size of <paramref name="image"/>: the map (resized bilinearly when its size differs) coloured
    /// and blended in with weight <c>alpha · value</c>, so unimportant regions keep the photo's own colours.
    /// </summary>
    /// <param name="alpha">Blend weight of the colour at value 1, in [0, 1].</param>
    public static Image<Rgb24> Blend(Image<Rgb24> image, HeatMap map, double alpha = 0.6)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 1);
        var result = image.Clone();
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var v = Sample(map, (x + 0.5) * map.Width / row.Length - 0.5, (y + 0.5) * map.Height / rows.Height - 0.5);
                    var colour = Jet(v);
                    var w = alpha * v;
                    row[x] = new Rgb24(Mix(row[x].R, colour.R, w), Mix(row[x].G, colour.G, w), Mix(row[x].B, colour.B, w));
                }
            }
        });
        return result;
    }

    /// <summary>The map alone as a colour image of its own size (for a side-by-side view).</summary>
    public static Image<Rgb24> Render(HeatMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var image = new Image<Rgb24>(map.Width, map.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) row[x] = Jet(map[x, y]);
            }
        });
        return image;
    }

    /// <summary>Matplotlib's "jet" as piecewise-linear ramps: dark blue → cyan → yellow → dark red over [0, 1].</summary>
    public static Rgb24 Jet(float value)
    {
        var v = Math.Clamp(value, 0f, 1f);
        static byte Ramp(float t) => (byte)Math.Round(255 * Math.Clamp(1.5f - Math.Abs(4 * t), 0f, 1f));
        return new Rgb24(Ramp(v - 0.75f), Ramp(v - 0.5f), Ramp(v - 0.25f));
    }

    static byte Mix(byte photo, byte colour, double weight) => (byte)Math.Round(photo * (1 - weight) + colour * weight);

    /// <summary>Bilinear sample at fractional map coordinates, clamped at the borders.</summary>
    static float Sample(HeatMap map, double fx, double fy)
    {
        fx = Math.Clamp(fx, 0, map.Width - 1);
        fy = Math.Clamp(fy, 0, map.Height - 1);
        int x0 = (int)fx, y0 = (int)fy, x1 = Math.Min(x0 + 1, map.Width - 1), y1 = Math.Min(y0 + 1, map.Height - 1);
        float tx = (float)(fx - x0), ty = (float)(fy - y0);
        var top = map[x0, y0] * (1 - tx) + map[x1, y0] * tx;
        var bottom = map[x0, y1] * (1 - tx) + map[x1, y1] * tx;
        return top * (1 - ty) + bottom * ty;
    }
}
