using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static System.FormattableString;

namespace NotebookKit.Data;

/// <summary>
/// Rotates about the centre by an angle drawn uniformly in ±<paramref name="Degrees"/>, keeping the size; corners
/// repeat the edge pixels (Keras' rotation_range with fill_mode='nearest').
/// </summary>
public sealed record RandomRotation(double Degrees) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        Rotate(image, RandomResizedCrop.Uniform(rng, -Degrees, Degrees));
        return image;
    }

    /// <summary>Rotates counter-clockwise by <paramref name="degrees"/> (as seen on screen, y pointing down).</summary>
    internal static void Rotate(Image<Rgb24> image, double degrees)
    {
        var t = degrees * Math.PI / 180;
        // Output → input is the inverse rotation; with y down, a counter-clockwise turn reads from (cos·x − sin·y, sin·x + cos·y).
        AffineWarp.Apply(image, Math.Cos(t), -Math.Sin(t), Math.Sin(t), Math.Cos(t));
    }

    public override string ToString() => Invariant($"RandomRotation(±{Degrees:G3}°)");
}

/// <summary>
/// Keras' shear_range: a shear angle drawn uniformly in ±<paramref name="Degrees"/>. Note Keras ≥ 2.2 reads
/// shear_range in degrees, so the common <c>shear_range=0.2</c> is a ±0.2° shear — a near no-op kept for fidelity
/// (Keras ≤ 2.1 read radians, ≈ ±11.5°). Pass e.g. 10 for a visible shear.
/// </summary>
public sealed record RandomShear(double Degrees) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        Shear(image, RandomResizedCrop.Uniform(rng, -Degrees, Degrees));
        return image;
    }

    /// <summary>Keras' shear matrix [[1, −sin s], [0, cos s]] on (row, col): each column slides vertically in proportion to its x.</summary>
    internal static void Shear(Image<Rgb24> image, double degrees)
    {
        var s = degrees * Math.PI / 180;
        AffineWarp.Apply(image, Math.Cos(s), 0, -Math.Sin(s), 1);
    }

    public override string ToString() => Invariant($"RandomShear(±{Degrees:G3}°)");
}

/// <summary>
/// Keras' zoom_range: independent width and height factors drawn uniformly in [1 − Range, 1 + Range]. As in Keras a
/// factor above 1 zooms out (the content shrinks, edges repeat) and below 1 zooms in.
/// </summary>
public sealed record RandomZoom(double Range) : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        var zx = RandomResizedCrop.Uniform(rng, 1 - Range, 1 + Range);
        var zy = RandomResizedCrop.Uniform(rng, 1 - Range, 1 + Range);
        Zoom(image, zx, zy);
        return image;
    }

    /// <summary>Output pixel at offset (x, y) from the centre reads the input at (zx·x, zy·y).</summary>
    internal static void Zoom(Image<Rgb24> image, double zx, double zy) => AffineWarp.Apply(image, zx, 0, 0, zy);

    public override string ToString() => Invariant($"RandomZoom({1 - Range:G3}–{1 + Range:G3} per axis)");
}
