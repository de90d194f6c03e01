using TorchSharp;
using TorchSharp.Modules;
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
    readonly Module<Tensor, Tensor>[][] runs;

    public int FeatureCount { get; }
    public Pooling Pooling { get; }

    /// <param name="children">The chain, in forward order, with the names the weights file uses.</param>
    /// <param name="featureCount">The width of the pooled features.</param>
    /// <param name="groups">
    /// The layer groups, built from the registered children (called on each access): each a run of the chain's
    /// children or of their items (a child Sequential's), in forward order.
    /// </param>
    /// <param name="pooling">
    /// <see cref="Pooling.Flatten"/> leaves out the chain's global pool, which must be its "avgpool" child right before
    /// the final "flatten"; the feature count is then measured at <paramref name="inputSize"/>.
    /// </param>
    public StagedBackbone(string name, IEnumerable<(string Name, Module<Tensor, Tensor> Module)> children, int featureCount,
        Func<IReadOnlyList<LayerGroup>> groups, Pooling pooling = Pooling.Avg, int inputSize = 224) : base(name)
    {
        var list = children.ToList();
        if (pooling == Pooling.Flatten)
        {
            if (list is not [.., ("avgpool", _), ("flatten", _)])
                throw new ArgumentException($"{name} ends in fully connected layers, not a feature map and a global pool, so there is nothing to flatten; use average pooling.", nameof(pooling));
            list.RemoveAt(list.Count - 2);
        }
        foreach (var (childName, module) in list)
        {
            register_module(childName, module);
            chain.Add(module);
        }
        Pooling = pooling;
        this.groups = groups;
        runs = SplitChain();
        FeatureCount = pooling == Pooling.Flatten ? MeasureFeatures(inputSize) : featureCount;
    }

    public IReadOnlyList<LayerGroup> LayerGroups
    {
        get
        {
            var all = groups();
            return [.. all.Take(all.Count - 1), all[^1] with { Name = Pooling.LastGroupName(all[^1].Name) }];
        }
    }

    /// <summary>The width of the output for one <paramref name="inputSize"/>-pixel image (one eval-mode pass on zeros).</summary>
    int MeasureFeatures(int inputSize)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        eval();
        var width = (int)forward(zeros(1, 3, inputSize, inputSize)).shape[1];
        train();
        return width;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var module in chain) x = module.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The chain from the group's first module up to the next group's first (the last group: to the end, pooling included).</summary>
    public Tensor ForwardGroup(int index, Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var module in runs[index]) x = module.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The chain flattened one level (a child Sequential that is not itself a group member runs as its items, which is
    /// what its forward does), cut where each group's first module starts: what lies between two groups (ReLU,
    /// pooling, dropout) runs with the group before, as ResNet's max-pool runs with its stem.
    /// </summary>
    Module<Tensor, Tensor>[][] SplitChain()
    {
        var layerGroups = groups();
        var members = layerGroups.SelectMany(g => g.Modules).ToHashSet(ReferenceEqualityComparer.Instance);
        var steps = chain.SelectMany(m => m is Sequential s && !members.Contains(m) ? s.children().Cast<Module<Tensor, Tensor>>() : [m]).ToList();
        int Position(nn.Module m) => steps.FindIndex(s => ReferenceEquals(s, m));
        var starts = layerGroups.Select(g => g.Modules.Count == 0 ? -1 : Position(g.Modules[0])).ToList();
        var ends = layerGroups.Select(g => g.Modules.Count == 0 ? -1 : g.Modules.Max(Position)).ToList();
        for (var g = 0; g < layerGroups.Count; g++)
        {
            var ordered = starts[g] >= 0 && (g == 0 || starts[g] > ends[g - 1]) && layerGroups[g].Modules.All(m => Position(m) >= starts[g]);
            if (!ordered)
                throw new ArgumentException($"{GetName()}: layer group '{layerGroups[g].Name}' is not a run of the chain after the previous group, so the groups cannot run one at a time.", nameof(groups));
        }
        starts[0] = 0;
        return [.. starts.Select((start, g) => steps.Skip(start).Take((g + 1 < starts.Count ? starts[g + 1] : steps.Count) - start).ToArray())];
    }
}
