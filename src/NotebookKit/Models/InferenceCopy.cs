using NotebookKit.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// An eval-only copy of a classifier's backbone for the layer groups that are frozen: BatchNorm folded into the
/// convolutions (<see cref="IFoldsBatchNorm"/>), weights and activations channels-last, and bf16 where the CPU computes
/// it natively. Frozen groups only ever run forward, so this changes speed, not what is learned; the model's own
/// fp32 weights stay untouched, ready to be unfrozen.
/// </summary>
public sealed class InferenceCopy : IDisposable
{
    readonly nn.Module<Tensor, Tensor> backbone;
    readonly ScalarType dtype;

    /// <summary>Float32 or BFloat16.</summary>
    public ComputePrecision Precision { get; }
    public bool BatchNormFolded { get; }

    InferenceCopy(nn.Module<Tensor, Tensor> backbone, ComputePrecision precision, bool folded) =>
        (this.backbone, Precision, BatchNormFolded, dtype) = (backbone, precision, folded, precision == ComputePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32);

    /// <summary>A copy of <paramref name="model"/>'s backbone as it is now; null when its architecture cannot be rebuilt from the model's entry.</summary>
    public static InferenceCopy? Of(ImageClassifier model, ComputePrecision precision = ComputePrecision.Auto)
    {
        precision = precision.Resolve();
        var copy = model.Spec.CreateBackbone();
        if (copy.GetType() != model.BackboneModule.GetType())
        {
            copy.Dispose();
            return null;
        }
        try
        {
            using (no_grad()) copy.load_state_dict(model.BackboneModule.state_dict());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            copy.Dispose(); // the model's backbone was built some other way than its entry builds it
            return null;
        }
        copy.to(model.BackboneModule.parameters().FirstOrDefault()?.device ?? CPU);
        copy.eval();
        foreach (var p in copy.parameters()) p.requires_grad = false;
        var foldable = copy as IFoldsBatchNorm;
        foldable?.FoldBatchNorm();
        var folded = foldable is not null;
        if (precision == ComputePrecision.BFloat16) copy.to(ScalarType.BFloat16);
        using (no_grad())
            foreach (var p in copy.parameters().Where(p => p.dim() == 4)) p.set_(p.ChannelsLast());
        return new InferenceCopy(copy, precision, folded);
    }

    /// <summary>Groups 0 … <paramref name="last"/> on images <paramref name="x"/>: an fp32, contiguous result, as the model's own groups would give (within bf16 rounding).</summary>
    public Tensor Run(Tensor x, int last)
    {
        using var scope = NewDisposeScope();
        Tensor y;
        using (inference_mode(true))
        {
            y = x.ChannelsLast().to(dtype);
            for (var g = 0; g <= last; g++) y = ((IBackbone)backbone).ForwardGroup(g, y);
        }
        // Outside inference mode, so the result is an ordinary tensor that training may save for backward.
        return y.to(ScalarType.Float32, copy: true).contiguous().MoveToOuterDisposeScope();
    }

    public override string ToString() => $"{Precision.Short()}, channels-last{(BatchNormFolded ? ", BatchNorm folded" : "")}";

    public void Dispose() => backbone.Dispose();
}
