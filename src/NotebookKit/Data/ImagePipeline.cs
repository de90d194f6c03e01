using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
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
    public bool IsDeterministic => !Transforms.Any(t => t.IsRandom);

    /// <summary>The evaluation pipeline of a model: resize shorter side, centre crop, normalise.</summary>
    public static ImagePipeline ForEval(PreprocessSpec spec) =>
        new([new ResizeShorterSide(spec.ResizeSize, spec.Interpolation), new CenterCrop(spec.InputSize)], spec.Normalization, spec.InputSize);

    /// <summary>The evaluation pipeline followed by a left–right mirror: the second view of flip test-time augmentation.</summary>
    public static ImagePipeline ForEvalMirrored(PreprocessSpec spec) =>
        new([new ResizeShorterSide(spec.ResizeSize, spec.Interpolation), new CenterCrop(spec.InputSize), new HorizontalFlip()], spec.Normalization, spec.InputSize);

    /// <summary>The deterministic views of a photo: the evaluation pipeline, plus its mirror image when <paramref name="mirror"/>.</summary>
    public static IReadOnlyList<ImagePipeline> Views(PreprocessSpec spec, bool mirror) => mirror ? [ForEval(spec), ForEvalMirrored(spec)] : [ForEval(spec)];

    /// <summary>The training pipeline of a model: <paramref name="augmentation"/>'s transforms, then the model's normalisation.</summary>
    public static ImagePipeline ForTrain(PreprocessSpec spec, Augmentation augmentation) =>
        new(augmentation.Steps(spec), spec.Normalization, spec.InputSize);

    /// <summary>Applies the transforms to a decoded image (the image is changed in place).</summary>
    public Image<Rgb24> Transform(Image<Rgb24> image, Random rng)
    {
        foreach (var t in Transforms) image = t.Apply(image, rng);
        if (image.Width != OutputSize || image.Height != OutputSize)
            throw new InvalidOperationException($"Pipeline produced {image.Width}x{image.Height}, expected {OutputSize}x{OutputSize}: end it with a crop or resize to {OutputSize}.");
        return image;
    }

    /// <summary>
    /// The shorter side the first step needs (<see cref="IImageTransform.SourceSize"/>), so a JPEG decodes at the
    /// smallest DCT scale that keeps it; null when the pipeline needs the whole photo.
    /// </summary>
    public int? DecodeSize => Transforms.Count > 0 ? Transforms[0].SourceSize : null;

    /// <summary>Decodes <paramref name="path"/> as this pipeline needs it (upright RGB, at least <see cref="DecodeSize"/>), before the transforms.</summary>
    public Image<Rgb24> Decode(string path) => ImageDecoder.Load(path, DecodeSize);

    /// <summary>Loads <paramref name="path"/> into <paramref name="chw"/> (3·size·size floats, channel-major).</summary>
    public void Load(string path, Span<float> chw, Random rng)
    {
        using var image = Transform(Decode(path), rng);
        WriteChw(image, chw);
    }

    /// <summary>Normalised channel-major floats of an already transformed image.</summary>
    public void WriteChw(Image<Rgb24> image, Span<float> chw)
    {
        var plane = image.Width * image.Height;
        if (chw.Length < 3 * plane) throw new ArgumentException($"Buffer holds {chw.Length} floats, needs {3 * plane}.");
        var n = Normalization;
        Span<float> scale = stackalloc float[3], shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            // Per-channel affine map hoisted out of the pixel loop: value = pixel * scale + shift, in RGB order here.
            var model = n.Order == ChannelOrder.Rgb ? c : 2 - c;
            scale[c] = n.PixelScale / n.Std[model];
            shift[c] = -n.Mean[model] / n.Std[model];
        }
        // Rows are read straight from the image's buffer: no per-image pixel copy.
        var (r, g, b) = n.Order == ChannelOrder.Rgb ? (0, 1, 2) : (2, 1, 0);
        var width = image.Width;
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var o = y * width;
            var dr = chw.Slice(r * plane + o, width);
            var dg = chw.Slice(g * plane + o, width);
            var db = chw.Slice(b * plane + o, width);
            for (var x = 0; x < width; x++)
            {
                var p = row[x];
                dr[x] = p.R * scale[0] + shift[0];
                dg[x] = p.G * scale[1] + shift[1];
                db[x] = p.B * scale[2] + shift[2];
            }
        }
    }

    /// <summary>Every step, the decode included: cached activations are named by this text, so a change of decode is a new table.</summary>
    public override string ToString() =>
        string.Join(" → ", Transforms.Select(t => t.ToString())
            .Prepend(DecodeSize is { } size ? $"Decode(RGB, EXIF upright, JPEG scaled to ≥ {size} px)" : "Decode(RGB, EXIF upright, JPEG in full)")
            .Append($"Normalize({Normalization})"));
}
