using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>
/// Decode → transforms → normalised CHW floats. The normalisation comes from the model's
/// <see cref="PreprocessSpec"/>; printing the pipeline shows every step.
/// </summary>
public sealed class ImagePipeline(IReadOnlyList<IImageTransform> transforms, Normalization normalization, int outputSize)
{
    public IReadOnlyList<IImageTransform> Transforms { get; } = transforms;
    public Normalization Normalization { get; } = normalization;
    /// <summary>Side of the square the pipeline produces.</summary>
    public int OutputSize { get; } = outputSize;
    /// <summary>False when a step draws random numbers (augmentation): outputs then differ per epoch.</summary>
    public bool IsDeterministic => Transforms.All(t => t is ResizeShorterSide or CenterCrop);

    /// <summary>The evaluation pipeline of a model: resize shorter side, centre crop, normalise.</summary>
    public static ImagePipeline ForEval(PreprocessSpec spec) =>
        new([new ResizeShorterSide(spec.ResizeSize), new CenterCrop(spec.InputSize)], spec.Normalization, spec.InputSize);

    /// <summary>Applies the transforms to a decoded image (the image is changed in place).</summary>
    public Image<Rgb24> Transform(Image<Rgb24> image, Random rng)
    {
        foreach (var t in Transforms) image = t.Apply(image, rng);
        if (image.Width != OutputSize || image.Height != OutputSize)
            throw new InvalidOperationException($"Pipeline produced {image.Width}x{image.Height}, expected {OutputSize}x{OutputSize}: end it with a crop or resize to {OutputSize}.");
        return image;
    }

    /// <summary>Loads <paramref name="path"/> into <paramref name="chw"/> (3·size·size floats, channel-major).</summary>
    public void Load(string path, Span<float> chw, Random rng)
    {
        using var image = Transform(ImageDecoder.Load(path), rng);
        WriteChw(image, chw);
    }

    /// <summary>Normalised channel-major floats of an already transformed image.</summary>
    public void WriteChw(Image<Rgb24> image, Span<float> chw)
    {
        var plane = image.Width * image.Height;
        if (chw.Length < 3 * plane) throw new ArgumentException($"Buffer holds {chw.Length} floats, needs {3 * plane}.");
        var pixels = new Rgb24[plane];
        image.CopyPixelDataTo(pixels);
        var n = Normalization;
        for (var c = 0; c < 3; c++)
        {
            // Per-channel affine map hoisted out of the pixel loop: value = pixel * scale + shift.
            var scale = n.PixelScale / n.Std[c];
            var shift = -n.Mean[c] / n.Std[c];
            var rgb = n.Order == ChannelOrder.Rgb ? c : 2 - c;
            var dst = chw.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                var p = pixels[i];
                dst[i] = (rgb == 0 ? p.R : rgb == 1 ? p.G : p.B) * scale + shift;
            }
        }
    }

    public override string ToString() =>
        string.Join(" → ", Transforms.Select(t => t.ToString()).Prepend("Decode(RGB, EXIF upright)").Append($"Normalize({Normalization})"));
}
