namespace NotebookKit.Training;

/// <summary>Settings for training a head on cached features (Adam, like the article's case study).</summary>
public sealed record HeadTrainingOptions(int Epochs = 10, double LearningRate = 1e-3, int BatchSize = 64, double WeightDecay = 0.0, int Seed = 42);
