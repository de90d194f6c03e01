using NotebookKit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Runs an <see cref="ImageClassifier"/> one layer group at a time (<see cref="IBackbone.ForwardGroup"/>, then the
/// head), so a frozen prefix (e.g. stem … layer3) can run once and a trainable suffix (layer4 + head) many times.
/// Cancellation is checked between groups: one batch through a whole backbone can take seconds on two cores, one group
/// a fraction of that, and stopping between groups changes nothing (no weight has moved yet).
/// </summary>
public sealed class BackboneStages(ImageClassifier model)
{
    readonly int headIndex = model.LayerGroups.Count - 1;

    /// <summary>Runs groups <paramref name="first"/> … <paramref name="last"/> (inclusive) on <paramref name="x"/>, the output of group first − 1.</summary>
    public Tensor Run(Tensor x, int first, int last, CancellationToken cancellationToken = default)
    {
        using var scope = NewDisposeScope();
        for (var g = first; g <= last; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            x = g == headIndex ? model.Head.forward(x) : model.Backbone.ForwardGroup(g, x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
