using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>A named slice of a model (stem, layer1 … head) that is frozen, unfrozen and given a learning rate as a unit.</summary>
public sealed record LayerGroup(string Name, IReadOnlyList<nn.Module> Modules)
{
    /// <summary>Parameters the network holds directly rather than in a module of the group (ViT's class token and position embedding).</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> OwnParameters { get; init; } = [];

    public IEnumerable<TorchSharp.Modules.Parameter> Parameters() => Modules.SelectMany(m => m.parameters()).Concat(OwnParameters);
    public long ParameterCount => Parameters().Sum(p => p.numel());
}

/// <summary>A feature extractor: image batch → [N, FeatureCount], split into layer groups from input to output.</summary>
public interface IBackbone
{
    int FeatureCount { get; }
    IReadOnlyList<LayerGroup> LayerGroups { get; }

    /// <summary>
    /// Runs layer group <paramref name="index"/> with the glue that follows it (activations, pooling) on
    /// <paramref name="x"/>, the images for group 0 or else the previous group's output. Running every group in turn
    /// equals the forward pass; the last group ends with the global pooling, giving [N, FeatureCount]. So a frozen
    /// prefix can run once and the rest many times without knowing the architecture.
    /// </summary>
    Tensor ForwardGroup(int index, Tensor x);
}
