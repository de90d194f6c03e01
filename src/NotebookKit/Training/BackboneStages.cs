using NotebookKit.Models;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Training;

/// <summary>
/// Runs an <see cref="ImageClassifier"/> one layer group at a time, so a frozen prefix (e.g. stem … layer3)
/// can run once and a trainable suffix (layer4 + head) many times.
/// <para>
/// Coupling: <see cref="ResNetBackbone"/> exposes its groups but not the glue between them, so this mirrors its
/// forward: stem = conv1, bn1 (the group's modules) then ReLU and a 3×3/2 max-pool; layer1 … layer4 as they are;
/// global average pooling and flatten after the last backbone group; then the head. A test checks the composition
/// against <c>model.forward</c>. A Models API such as <c>IBackbone.ForwardGroup(int, Tensor)</c> would remove it.
/// </para>
/// </summary>
public sealed class BackboneStages
{
    readonly ImageClassifier model;
    readonly IReadOnlyList<LayerGroup> groups;

    BackboneStages(ImageClassifier model)
    {
        this.model = model;
        groups = model.LayerGroups;
    }

    /// <summary>The staged runner of <paramref name="model"/>, or null when its backbone is not a ResNet this class knows.</summary>
    public static BackboneStages? For(ImageClassifier model) =>
        model.BackboneModule is ResNetBackbone && model.LayerGroups.Select(g => g.Name).SequenceEqual(["stem", "layer1", "layer2", "layer3", "layer4", "head"])
            ? new BackboneStages(model) : null;

    public int GroupCount => groups.Count;

    /// <summary>Runs groups <paramref name="first"/> … <paramref name="last"/> (inclusive) on <paramref name="x"/>, the output of group first − 1.</summary>
    public Tensor Run(Tensor x, int first, int last)
    {
        using var scope = NewDisposeScope();
        for (var g = first; g <= last; g++) x = RunGroup(g, x);
        return x.MoveToOuterDisposeScope();
    }

    Tensor RunGroup(int index, Tensor x)
    {
        var modules = groups[index].Modules.Cast<nn.Module<Tensor, Tensor>>().ToList();
        if (index == 0)
        {
            var y = functional.relu(modules[1].forward(modules[0].forward(x)));
            return functional.max_pool2d(y, 3, 2, 1);
        }
        if (index == groups.Count - 1) return model.Head.forward(x);
        var output = modules.Aggregate(x, (t, m) => m.forward(t));
        return index == groups.Count - 2 ? functional.adaptive_avg_pool2d(output, 1).flatten(1) : output;
    }
}
