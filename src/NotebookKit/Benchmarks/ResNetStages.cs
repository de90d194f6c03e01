using NotebookKit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Runs an <see cref="ImageClassifier"/>'s ResNet in two parts, from its layer groups: the frozen prefix
/// (stem … layer3, whose output can be cached) and the trainable suffix (layer4, pooling, head).
/// Stand-in for the Learner's partial caching until that lands; see docs/benchmarks.md.
/// </summary>
sealed class ResNetStages
{
    readonly nn.Module<Tensor, Tensor>[] stem;
    readonly nn.Module<Tensor, Tensor>[] middle;
    readonly nn.Module<Tensor, Tensor> layer4;
    readonly ImageClassifier model;

    public ResNetStages(ImageClassifier model)
    {
        this.model = model;
        var groups = model.Backbone.LayerGroups.ToDictionary(g => g.Name);
        nn.Module<Tensor, Tensor> M(nn.Module m) => (nn.Module<Tensor, Tensor>)m;
        stem = [.. groups["stem"].Modules.Select(M)];
        middle = [.. new[] { "layer1", "layer2", "layer3" }.Select(n => M(groups[n].Modules.Single()))];
        layer4 = M(groups["layer4"].Modules.Single());
        Prefix = [.. stem, .. middle];
    }

    /// <summary>Modules of stem … layer3: frozen and in eval mode whenever the prefix is cached.</summary>
    public IReadOnlyList<nn.Module> Prefix { get; }

    public IEnumerable<TorchSharp.Modules.Parameter> SuffixParameters() => layer4.parameters().Concat(model.Head.parameters());

    /// <summary>stem (conv1, bn1, relu, maxpool) then layer1 … layer3: [N,3,H,W] → [N,256,H/16,W/16].</summary>
    public Tensor ForwardPrefix(Tensor images)
    {
        using var scope = NewDisposeScope();
        var y = stem.Aggregate(images, (x, m) => m.forward(x));
        y = nn.functional.max_pool2d(nn.functional.relu(y), 3, 2, 1);
        return middle.Aggregate(y, (x, m) => m.forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>layer4, global average pooling, head: cached activations → logits.</summary>
    public Tensor ForwardSuffix(Tensor activations)
    {
        using var scope = NewDisposeScope();
        var pooled = nn.functional.adaptive_avg_pool2d(layer4.forward(activations), [1, 1]).flatten(1);
        return model.Head.forward(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Freezes stem … layer3 (no gradients, eval-mode BatchNorm) and leaves the rest trainable.</summary>
    public void FreezePrefix()
    {
        model.train();
        foreach (var m in Prefix)
        {
            m.eval();
            foreach (var p in m.parameters()) p.requires_grad = false;
        }
    }

    /// <summary>Everything trainable and in training mode again.</summary>
    public void Unfreeze()
    {
        model.train();
        foreach (var p in model.parameters()) p.requires_grad = true;
    }
}
