namespace NotebookKit.Benchmarks;

/// <summary>What a training step updates, and from what input.</summary>
public enum TrainMode
{
    /// <summary>Every layer, from images.</summary>
    Full,
    /// <summary>layer4 + head, from images (stem … layer3 frozen but recomputed every step).</summary>
    Layer4Head,
    /// <summary>layer4 + head, from cached layer3 activations (the frozen prefix runs once).</summary>
    Layer4HeadCached,
    /// <summary>Only the head, from cached pooled features.</summary>
    HeadCached,
}
