namespace NotebookKit.Training;

/// <summary>
/// Settings for training a head on cached features (Adam, like the article's case study). <paramref name="Mirror"/>
/// also caches the features of every photo's mirror image: the head trains on both orientations (flip augmentation
/// at no per-epoch cost) and predictions average them (test-time augmentation).
/// </summary>
public sealed record HeadTrainingOptions(int Epochs = 10, double LearningRate = 1e-3, int BatchSize = 64, double WeightDecay = 0.0, int Seed = 42,
    bool Mirror = false);
