using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>A named slice of a model (stem, layer1 … head) that is frozen, unfrozen and given a learning rate as a unit.</summary>
public sealed record LayerGroup(string Name, IReadOnlyList<nn.Module> Modules)
{
    public IEnumerable<TorchSharp.Modules.Parameter> Parameters() => Modules.SelectMany(m => m.parameters());
    public long ParameterCount => Parameters().Sum(p => p.numel());
}

/// <summary>A feature extractor: image batch → [N, FeatureCount], split into layer groups from input to output.</summary>
public interface IBackbone
{
    int FeatureCount { get; }
    IReadOnlyList<LayerGroup> LayerGroups { get; }
}
