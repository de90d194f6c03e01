namespace NotebookKit.Models;

/// <summary>
/// The new classifier put on a pretrained backbone. <c>Hidden = 0</c>: one Linear layer (a linear probe).
/// <c>Hidden &gt; 0</c>: Linear → ReLU → Dropout → Linear, the article's Dense(256, relu) + output.
/// <c>Sigmoid</c>: for two classes, a single logit with binary cross-entropy (Keras' Dense(1, sigmoid));
/// otherwise one logit per class with softmax cross-entropy.
/// </summary>
public sealed record HeadSpec(int Hidden = 0, double Dropout = 0.0, bool Sigmoid = false)
{
    public static HeadSpec Linear { get; } = new();

    /// <summary>The article's case-study head: Dense(256, relu), dropout 0.5, sigmoid output.</summary>
    public static HeadSpec ArticleBinary { get; } = new(256, 0.5, Sigmoid: true);

    public int Outputs(int classes)
    {
        if (Sigmoid && classes != 2) throw new ArgumentException($"A sigmoid head needs exactly two classes, not {classes}.");
        return Sigmoid ? 1 : classes;
    }

    public override string ToString() =>
        (Hidden > 0 ? $"Linear({Hidden}) → ReLU" + (Dropout > 0 ? $" → Dropout({Dropout})" : "") + " → " : "")
        + (Sigmoid ? "Linear(1) → sigmoid" : "Linear(classes) → softmax");
}
