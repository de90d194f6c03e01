using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>A module whose eval-mode BatchNorm layers can be folded into the convolutions before them.</summary>
public interface IFoldsBatchNorm
{
    /// <summary>
    /// Folds every BatchNorm into its convolution and skips it from then on. The module computes the same function
    /// in eval mode with one pass over the activations fewer; it can no longer train, so fold only a copy.
    /// </summary>
    void FoldBatchNorm();
}

public static class BatchNormFolding
{
    /// <summary>
    /// Eval-mode BatchNorm is y = γ(x − μ)/√(σ² + ε) + β per channel, an affine map, so it merges into the convolution:
    /// W′ = W·s and b′ = (b − μ)·s + β with s = γ/√(σ² + ε).
    /// </summary>
    public static void Fold(Conv2d conv, BatchNorm2d bn)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var scale = bn.weight! / (bn.running_var! + bn.eps).sqrt();
        conv.weight!.mul_(scale.view(-1, 1, 1, 1));
        var shift = (conv.bias is { } b ? b - bn.running_mean! : -bn.running_mean!) * scale + bn.bias!;
        conv.bias = new Parameter(shift.MoveToOuterDisposeScope(), requires_grad: false);
    }

    /// <summary>Folds the blocks of a stage (a Sequential of <see cref="IFoldsBatchNorm"/> blocks).</summary>
    public static void FoldAll(Sequential stage)
    {
        foreach (var block in stage.children()) ((IFoldsBatchNorm)block).FoldBatchNorm();
    }
}
