using NotebookKit.Models;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Arithmetic per image of the bench's model workloads, in GFLOP (2 per multiply-accumulate of convolutions and linear
/// layers, counted by <see cref="ModelComplexity"/>'s hooks): F for the backbone's forward pass, F4 for layer4's.
/// A backward pass costs about twice its forward pass (input and weight gradients).
/// </summary>
public static class WorkloadFlops
{
    static readonly Dictionary<int, (double Full, double Layer4)> Cache = [];

    /// <summary>Workloads that run forward only, so they compute in the fused arithmetic of frozen layers and predictions (bf16 where native).</summary>
    public static bool IsFrozenPass(string workload) => workload is "inference" or "extraction" or "extraction_best" or "partial_cache_build";

    public static double? PerImage(string workload, int size)
    {
        if (size <= 0) return null;
        var (f, f4) = Forward(size);
        return workload switch
        {
            "inference" or "extraction" or "extraction_best" => f,
            "partial_cache_build" => f - f4,
            "train_full" => 3 * f,
            "train_layer4_head" or "epoch_layer4_head" => f + 2 * f4,
            "train_layer4_head_cached" => 3 * f4,
            _ => null,
        };
    }

    static (double Full, double Layer4) Forward(int size)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(size, out var known)) return known;
            using var model = Pretrained.Classifier(KitPhase.ModelId, ["a", "b"], pretrained: false);
            var backbone = model.BackboneModule;
            var layer4 = model.LayerGroups.Single(g => g.Name == "layer4").Modules.SelectMany(m => m.modules()).ToHashSet<TorchSharp.torch.nn.Module>(ReferenceEqualityComparer.Instance);
            var profile = ForwardProfiler.Run(backbone, size, backbone.modules());
            var full = 2e-9 * profile.Values.Sum(t => t.Macs);
            var top = 2e-9 * profile.Where(kv => layer4.Contains(kv.Key)).Sum(kv => kv.Value.Macs);
            return Cache[size] = (full, top);
        }
    }
}
