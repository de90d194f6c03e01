namespace NotebookKit.Data;

/// <summary>
/// The preprocessing a model was trained with — it travels with the model entry (like torchvision's
/// weights transforms or timm's pretrained config), so callers never type a mean or a size.
/// Evaluation: resize the shorter side to <see cref="ResizeSize"/> (up or down), centre-crop
/// <see cref="InputSize"/>, normalise.
/// </summary>
public sealed record PreprocessSpec(int InputSize, int ResizeSize, Normalization Normalization)
{
    /// <summary>torchvision's classic ImageNet evaluation transform: 256 → centre 224, ImageNet mean/std.</summary>
    public static PreprocessSpec ImageNet { get; } = new(224, 256, Normalization.ImageNet);

    /// <summary>The same scheme at another input size, keeping torchvision's 224/256 crop ratio.</summary>
    public PreprocessSpec WithInputSize(int size) => this with { InputSize = size, ResizeSize = (int)Math.Round(size * 256.0 / 224.0) };

    public override string ToString() => $"resize shorter side {ResizeSize}, centre crop {InputSize}, {Normalization}";
}
