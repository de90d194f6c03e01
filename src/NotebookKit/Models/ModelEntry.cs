using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>Facts about an (architecture, weights) pair worth showing in a table.</summary>
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
    /// <summary>Whether pretrained weights exist for this entry (a random-init architecture has none).</summary>
    public bool HasWeights => LoadWeights is not null;

    public override string ToString() => $"{Id}: {Description} ({Metadata.Parameters:N0} parameters; {Preprocess})";
}
