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

    /// <summary>
    /// Runs groups <paramref name="first"/> … <paramref name="last"/> (inclusive) on <paramref name="x"/>, the output of
    /// group first − 1. Each group has its own dispose scope and the previous group's output goes as soon as the next one
    /// exists: without gradients (feature passes, validation, predictions) a pass then holds one group's activations at a
    /// time, not every group's until the batch ends; with gradients autograd keeps what backward needs by itself. <paramref name="x"/> stays the caller's; the result goes to the caller's scope.
    /// </summary>
    public Tensor Run(Tensor x, int first, int last, CancellationToken cancellationToken = default)
    {
        var current = x;
        for (var g = first; g <= last; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Tensor next;
            using (NewDisposeScope())
            {
                next = g == headIndex ? model.Head.forward(current) : model.Backbone.ForwardGroup(g, current);
                if (!ReferenceEquals(next, current)) next.MoveToOuterDisposeScope(); // a group that hands back its input (identity) moves nothing
            }
            if (!ReferenceEquals(current, x) && !ReferenceEquals(current, next)) current.Dispose();
            current = next;
        }
        return current;
    }
}
