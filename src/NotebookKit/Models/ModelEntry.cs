using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Facts about an (architecture, weights) pair worth showing in a table. <c>Parameters</c> counts the backbone plus the
/// network's original classifier (1000-way for ImageNet models), as torchvision publishes it; <c>GFlops</c> is
/// multiply-accumulates of the Conv and Linear layers at the entry's input size, in billions, as torchvision reports
/// GFLOPS (torchvision's published value where there is one, else computed by <see cref="ModelComplexity"/>; tests check
/// both within 1%); <c>ImageNetTop1</c> is torchvision's published ImageNet-1k top-1 accuracy (%), null when none is published.
/// </summary>
public sealed record ModelMetadata(long Parameters, double GFlops, double? ImageNetTop1, string License, string Citation, string Source);

/// <summary>
/// One model of the zoo, like a torchvision weights enum value: how to build it, where its weights come from,
/// the preprocessing it was trained with, and facts about it. The preprocessing travels with the model.
/// </summary>
/// <param name="Build">The architecture with random weights, for a pooling and an input side (which only a flattened backbone's width depends on).</param>
public sealed record ModelEntry(
    string Id,
    string Description,
    PreprocessSpec Preprocess,
    ModelMetadata Metadata,
    Func<Pooling, int, nn.Module<Tensor, Tensor>> Build,
    Func<nn.Module<Tensor, Tensor>, string>? LoadWeights)
{
    /// <summary>The poolings the architecture offers: both for a backbone ending in a feature map, only avg when it ends in fully connected layers.</summary>
    public IReadOnlyList<Pooling> Poolings { get; init; } = [Pooling.Avg, Pooling.Flatten];

    /// <summary>Whether the architecture only takes its own input size (its fully connected layers follow a fixed map), as LeNet-5 does.</summary>
    public bool FixedInputSize { get; init; }

    /// <summary>The backbone with random weights, pooled as asked, for <paramref name="inputSize"/>-pixel inputs (default: the entry's).</summary>
    public nn.Module<Tensor, Tensor> CreateBackbone(Pooling pooling = Pooling.Avg, int? inputSize = null)
    {
        if (!Poolings.Contains(pooling))
            throw new ArgumentException($"Model '{Id}' cannot use {pooling.Name()} pooling: its features come out of fully connected layers, not a feature map. Use avg pooling.", nameof(pooling));
        return Build(pooling, inputSize ?? Preprocess.InputSize);
    }

    /// <summary>The published file the weights are downloaded from; null for the embedded model and random-init architectures.</summary>
    public WeightsFile? Weights { get; init; }

    /// <summary>Outputs of the network's original classifier (1000 for ImageNet), which <see cref="ModelMetadata.Parameters"/> includes.</summary>
    public int OriginalClasses { get; init; } = 1000;

    /// <summary>Whether pretrained weights exist for this entry (a random-init architecture has none).</summary>
    public bool HasWeights => LoadWeights is not null;

    public override string ToString() => $"{Id}: {Description} ({Metadata.Parameters:N0} parameters; {Preprocess})";
}
