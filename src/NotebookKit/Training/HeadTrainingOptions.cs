namespace NotebookKit.Training;

/// <summary>
/// Settings for training a head on cached features (Adam, like the article's case study). <paramref name="Mirror"/>
/// also caches the features of every photo's mirror image: the head trains on both orientations (flip augmentation
/// at no per-epoch cost) and predictions average them (test-time augmentation).
/// </summary>
public sealed record HeadTrainingOptions(int Epochs = 10, double LearningRate = 1e-3, int BatchSize = 64, double WeightDecay = 0.0, int Seed = 42,
    bool Mirror = false)
{
    // Checked here because a batch size of 0 would make the epoch loop spin forever.
    public int Epochs { get; init; } = Epochs > 0 ? Epochs : throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
    public int BatchSize { get; init; } = BatchSize > 0 ? BatchSize : throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be positive.");
    public double LearningRate { get; init; } = double.IsFinite(LearningRate) && LearningRate > 0 ? LearningRate
        : throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
}
