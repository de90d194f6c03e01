namespace NotebookKit.Models;

/// <summary>
/// The article's flattened backbone, now a pooling option (<see cref="Pooling.Flatten"/>) of every backbone that ends in
/// a feature map. Kept as chapter 6's entry point until it calls <see cref="Pretrained.Classifier"/> with that pooling.
/// </summary>
public static class FlattenedBackbone
{
    /// <summary><see cref="Pretrained.Classifier"/> with <see cref="Pooling.Flatten"/>: pretrained <paramref name="id"/> at its own input size with <paramref name="head"/>.</summary>
    public static ImageClassifier Classifier(string id, IReadOnlyList<string> classes, HeadSpec head, int seed = Seeds.Default) =>
        Pretrained.Classifier(id, classes, head, seed: seed, pooling: Pooling.Flatten);
}
