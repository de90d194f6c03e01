using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// A backbone that runs its children in order (features → pooling → flatten → …), for architectures whose
/// forward is a plain chain. Children keep torchvision's names (features, avgpool, classifier …) so
/// torchvision state dicts load by name; the layer groups are chosen by the factory that builds it.
/// </summary>
public sealed class StagedBackbone : Module<Tensor, Tensor>, IBackbone
{
    readonly List<Module<Tensor, Tensor>> chain = [];
    readonly Func<IReadOnlyList<LayerGroup>> groups;

    public int FeatureCount { get; }

    /// <param name="children">The chain, in forward order, with the names the weights file uses.</param>
    /// <param name="groups">The layer groups, built from the registered children (called on each access).</param>
    public StagedBackbone(string name, IEnumerable<(string Name, Module<Tensor, Tensor> Module)> children, int featureCount,
        Func<IReadOnlyList<LayerGroup>> groups) : base(name)
    {
        foreach (var (childName, module) in children)
        {
            register_module(childName, module);
            chain.Add(module);
        }
        FeatureCount = featureCount;
        this.groups = groups;
    }

    public IReadOnlyList<LayerGroup> LayerGroups => groups();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var module in chain) x = module.call(x);
        return x.MoveToOuterDisposeScope();
    }
}
