namespace NotebookKit.Explainability;

/// <summary>
/// A per-pixel importance map in [0, 1], row-major (<c>Values[y * Width + x]</c>), such as a Grad-CAM map
/// upsampled to the model's input size. Plain data, so overlays and tests need no tensors.
/// </summary>
public sealed record HeatMap
{
    public int Width { get; }
    public int Height { get; }
    public float[] Values { get; }

    /// <exception cref="ArgumentException">The sizes are not positive or do not match the value count.</exception>
    public HeatMap(int width, int height, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != width * height)
            throw new ArgumentException($"A {width}x{height} map needs {width * height} values, got {values.Length}.", nameof(values));
        (Width, Height, Values) = (width, height, values);
    }

    public float this[int x, int y] => Values[y * Width + x];

    /// <summary>
    /// Share of the map's total mass inside the rectangle (clipped to the map): 0.5 for the left half of a uniform map.
    /// An all-zero map has no mass anywhere, so the share is 0.
    /// </summary>
    public double MassFraction(int x, int y, int width, int height)
    {
        double inside = 0, total = 0;
        for (var row = 0; row < Height; row++)
            for (var col = 0; col < Width; col++)
            {
                double v = Values[row * Width + col];
                total += v;
                if (col >= x && col < x + width && row >= y && row < y + height) inside += v;
            }
        return total > 0 ? inside / total : 0;
    }
}
