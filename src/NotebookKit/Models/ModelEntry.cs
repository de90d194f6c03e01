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
public sealed record ModelEntry(
    string Id,
    string Description,
    PreprocessSpec Preprocess,
    ModelMetadata Metadata,
    Func<nn.Module<Tensor, Tensor>> CreateBackbone,
    Func<nn.Module<Tensor, Tensor>, string>? LoadWeights)
{
    /// <summary>The published file the weights are downloaded from; null for the embedded model and random-init architectures.</summary>
    public WeightsFile? Weights { get; init; }

    /// <summary>Outputs of the network's original classifier (1000 for ImageNet), which <see cref="ModelMetadata.Parameters"/> includes.</summary>
    public int OriginalClasses { get; init; } = 1000;

    /// <summary>Whether pretrained weights exist for this entry (a random-init architecture has none).</summary>
    public bool HasWeights => LoadWeights is not null;

    public override string ToString() => $"{Id}: {Description} ({Metadata.Parameters:N0} parameters; {Preprocess})";
}
