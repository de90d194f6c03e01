namespace NotebookKit.Data;

/// <summary>
/// How images are resampled when resized (timm's <c>interpolation</c>). Bicubic is the default: bilinear (torchvision's
/// <c>Resize</c>) decodes about a quarter faster but cost chapter 6's best recipe one test photo (docs/benchmarks.md).
/// </summary>
public enum Interpolation { Bicubic, Bilinear }

/// <summary>
/// The preprocessing a model was trained with — it travels with the model entry (like torchvision's
/// weights transforms or timm's pretrained config: input_size, test_input_size, interpolation), so callers never
/// type a mean or a size. Evaluation: resize the shorter side to <see cref="ResizeSize"/> (up or down) with
/// <see cref="Interpolation"/>, centre-crop <see cref="InputSize"/>, normalise. Immutable: a different size is a new spec.
/// </summary>
/// <param name="TestInputSize">The input side for predictions on new photos when it differs from the training size
/// (FixRes: a CNN trained on random crops at 224 often does better at a larger test input); null = <paramref name="InputSize"/>.</param>
public sealed record PreprocessSpec(int InputSize, int ResizeSize, Normalization Normalization, Interpolation Interpolation = Interpolation.Bicubic, int? TestInputSize = null)
{
    /// <summary>torchvision's classic ImageNet evaluation transform: 256 → centre 224, ImageNet mean/std.</summary>
    public static PreprocessSpec ImageNet { get; } = new(224, 256, Normalization.ImageNet);

    /// <summary>The same scheme at another input size (training and test), keeping torchvision's 224/256 crop ratio.</summary>
    public PreprocessSpec WithInputSize(int size) => this with { InputSize = size, ResizeSize = ResizeFor(size), TestInputSize = null };

    /// <summary>The same spec, predicting new photos at <paramref name="size"/> (validation during training keeps <see cref="InputSize"/>).</summary>
    public PreprocessSpec WithTestInputSize(int size) => this with { TestInputSize = size == InputSize ? null : size };

    /// <summary>The spec predictions use: <see cref="TestInputSize"/> when set, else this one.</summary>
    public PreprocessSpec ForTest() => TestInputSize is { } t ? this with { InputSize = t, ResizeSize = ResizeFor(t), TestInputSize = null } : this;

    int ResizeFor(int size) => (int)Math.Round(size * (double)ResizeSize / InputSize);

    public override string ToString() =>
        $"resize shorter side {ResizeSize} ({Interpolation.ToString().ToLowerInvariant()}), centre crop {InputSize}" +
        (TestInputSize is { } t ? $" (test {t})" : "") + $", {Normalization}";
}
