using NotebookKit.Models;
using NotebookKit.Platform;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// How one fit or one prediction runs the model, decided once from its layer groups, the freeze state, the options and
/// the CPU. Groups 0 … <see cref="PrefixEnd"/> run forward only, without gradients: as the model's own fp32 modules
/// (<see cref="Fused"/> null, exact) or fused — BatchNorm folded into the convolutions, channels-last, in
/// <see cref="Fused"/>'s precision — and their output may come from the activation store. The groups after it compute in
/// <see cref="Trainable"/>: fp32, or bf16 autocast on the fp32 master weights. <see cref="Apply"/> makes it so by putting
/// stand-ins in place of the model's convolutions, BatchNorms and linear layers; disposing the result puts them back.
/// </summary>
public sealed record ExecutionPlan(int PrefixEnd, ComputePrecision? Fused, ComputePrecision Trainable)
{
    /// <summary>
    /// A fit with the first <paramref name="frozenCount"/> of <paramref name="groupCount"/> groups frozen: they form the
    /// prefix (none while their BatchNorms train), computed per <see cref="LearnerOptions.InferencePrecision"/>; the
    /// trainable groups compute per <see cref="LearnerOptions.TrainPrecision"/>, except the head trained alone, which
    /// stays fp32 (a few small matrix products that bf16 does not speed up).
    /// </summary>
    public static ExecutionPlan ForFit(int groupCount, int frozenCount, LearnerOptions options, CpuFeatures? cpu = null)
    {
        var headOnly = frozenCount >= groupCount - 1;
        var trainable = headOnly ? ComputePrecision.Float32 : options.TrainPrecision.ResolveTraining(cpu);
        return new(options.TrainFrozenBatchNorm ? -1 : frozenCount - 1, FusedFor(options.InferencePrecision, cpu), trainable);
    }

    /// <summary>
    /// Validation and predictions, whatever is frozen: the whole backbone is the prefix, computed per
    /// <paramref name="precision"/>, and the head runs in fp32. So the same weights give the same predictions.
    /// </summary>
    public static ExecutionPlan ForPredictions(int groupCount, ComputePrecision precision, CpuFeatures? cpu = null) =>
        new(groupCount - 2, FusedFor(precision, cpu), ComputePrecision.Float32);

    /// <summary>Float32 asks for the model's own modules (exact); Auto and BFloat16 for the fused path, bf16 where the CPU computes it natively.</summary>
    static ComputePrecision? FusedFor(ComputePrecision precision, CpuFeatures? cpu) =>
        precision == ComputePrecision.Float32 ? null : precision.Resolve(cpu);

    /// <summary>The dtype the fused prefix computes in.</summary>
    public ScalarType FusedType => Fused == ComputePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>How the prefix computes, for messages and activation-store table names: "fp32" (the model's own modules) or e.g. "bf16, channels-last, BatchNorm folded".</summary>
    public string PrefixCompute => Fused is { } p ? $"{p.Short()}, channels-last, BatchNorm folded" : "fp32";

    /// <summary>
    /// Puts the plan's stand-ins into <paramref name="model"/> (<paramref name="groups"/> are its layer groups as built):
    /// fused convolutions and folded BatchNorms in the prefix (and bf16 linear layers when it computes in bf16),
    /// autocast convolutions and linear layers after it when <see cref="Trainable"/> is bf16. Groups before
    /// <paramref name="firstGroup"/> are left as they are (their output comes from a cache). Dispose to restore.
    /// </summary>
    public ModuleSwaps Apply(ImageClassifier model, IReadOnlyList<LayerGroup> groups, int firstGroup = 0)
    {
        var swaps = new ModuleSwaps();
        try
        {
            var parents = ModuleTree.Parents(model);
            IEnumerable<nn.Module> Under(IEnumerable<LayerGroup> gs) =>
                gs.SelectMany(g => g.Modules).SelectMany(m => m.modules().Prepend(m)).Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module>();
            if (Fused is not null && PrefixEnd >= firstGroup)
            {
                var prefix = Under(groups.Take(PrefixEnd + 1).Skip(firstGroup)).ToList();
                var pairs = BatchNormFusion.Pairs(model, model.Preprocess.InputSize);
                var dtype = FusedType;
                foreach (var m in prefix)
                {
                    if (m is Conv2d conv && StandIn.CanReplace(conv))
                    {
                        var bn = pairs.GetValueOrDefault(conv);
                        swaps.Replace(parents, conv, new FusedConv2d(conv, bn, dtype));
                        if (bn is not null) swaps.Replace(parents, bn, new FoldedBatchNorm(bn));
                    }
                    else if (m is Linear linear && dtype != ScalarType.Float32) swaps.Replace(parents, linear, new CastLinear(linear, dtype));
                }
            }
            if (Trainable == ComputePrecision.BFloat16)
                foreach (var m in Under(groups.Skip(Math.Max(PrefixEnd + 1, firstGroup))).ToList())
                {
                    if (m is Conv2d conv && StandIn.CanReplace(conv)) swaps.Replace(parents, conv, new AutocastConv2d(conv));
                    else if (m is Linear linear) swaps.Replace(parents, linear, new AutocastLinear(linear));
                }
            return swaps;
        }
        catch
        {
            swaps.Dispose();
            throw;
        }
    }

    public override string ToString()
    {
        var prefix = PrefixEnd < 0 ? "" : $"groups 0–{PrefixEnd} forward only ({PrefixCompute}); ";
        return prefix + $"the rest {(Trainable == ComputePrecision.BFloat16 ? "bf16 autocast on fp32 weights" : "fp32")}";
    }
}
