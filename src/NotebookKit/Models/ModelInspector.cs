using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Model anatomy for chapter 3: per layer group and per leaf layer, parameters, trainable or frozen (requires_grad),
/// BatchNorm mode (each BatchNorm's own training flag), learning rate and output shape. It reads the model as it is,
/// whoever froze it, so the classic bugs show: frozen weights with BatchNorm still in train mode, a trainable group
/// without a learning rate (see <see cref="ModelAnatomy.Warnings"/>). The profiling forward runs in eval mode without gradients; training flags are restored.
/// </summary>
public static class ModelInspector
{
    /// <param name="inputSize">Defaults to the classifier's preprocessing input size.</param>
    /// <param name="learningRates">Optional learning rate per group name, as the caller's optimizer uses them.</param>
    public static ModelAnatomy Inspect(ImageClassifier model, int? inputSize = null, IReadOnlyDictionary<string, double>? learningRates = null) =>
        Inspect(model, model.LayerGroups, inputSize ?? model.Preprocess.InputSize, learningRates);

    /// <summary>Any module split into layer groups (a backbone with its <see cref="IBackbone.LayerGroups"/>, say).</summary>
    public static ModelAnatomy Inspect(nn.Module<Tensor, Tensor> model, IReadOnlyList<LayerGroup> groups, int inputSize,
        IReadOnlyDictionary<string, double>? learningRates = null)
    {
        var groupOf = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var group in groups)
            foreach (var module in group.Modules)
                foreach (var m in module.modules().Prepend(module))
                    groupOf.TryAdd(m, group.Name);

        var leaves = model.named_modules()
            .Where(m => !m.module.children().Any() && (m.module.parameters().Any() || IsBatchNorm(m.module)))
            .ToList();
        var traces = ForwardProfiler.Run(model, inputSize, [.. leaves.Select(l => l.module), .. groups.Where(g => g.Modules.Count > 0).Select(g => g.Modules[^1])]);

        double? Lr(string group) => learningRates is not null && learningRates.TryGetValue(group, out var lr) ? lr : null;
        var layers = leaves.Select(l =>
        {
            var group = groupOf.GetValueOrDefault(l.module, "(none)");
            var (total, trainable) = CountParameters(l.module);
            return new LayerAnatomy(group, l.name, l.module.GetType().Name, total, trainable,
                IsBatchNorm(l.module) ? l.module.training : null, Lr(group), traces.TryGetValue(l.module, out var t) ? t.OutputShape : null);
        }).ToList();

        var groupRows = groups.Select(g =>
        {
            var batchNorms = g.Modules.SelectMany(m => m.modules().Prepend(m)).Where(IsBatchNorm).ToList();
            // The group's last module, or when it was not invoked through call() (so no hook ran), its last layer that ran.
            var last = g.Modules.Count > 0 && traces.TryGetValue(g.Modules[^1], out var t) ? t.OutputShape
                : g.Modules.SelectMany(m => m.modules().Prepend(m)).Where(traces.ContainsKey).Select(m => traces[m]).DefaultIfEmpty().MaxBy(x => x.Order).OutputShape;
            var (total, trainable) = g.Modules.Select(CountParameters).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2));
            total += g.OwnParameters.Sum(p => p.numel());
            trainable += g.OwnParameters.Where(p => p.requires_grad).Sum(p => p.numel());
            return new GroupAnatomy(g.Name, total, trainable, batchNorms.Count, batchNorms.Count(b => b.training), Lr(g.Name), last);
        }).ToList();
        // Parameters no group owns would escape freezing and learning-rate rules: show them as their own row.
        var orphans = layers.Where(l => l.Group == "(none)" && l.Parameters > 0).ToList();
        if (orphans.Count > 0)
            groupRows.Add(new GroupAnatomy("(none)", orphans.Sum(l => l.Parameters), orphans.Sum(l => l.Trainable), 0, 0, null, null));
        return new ModelAnatomy(inputSize, groupRows, layers, learningRates is not null);
    }

    /// <summary>Parameters of <paramref name="module"/>: all of them, and those with requires_grad (trainable); frozen = total − trainable.</summary>
    public static (long Total, long Trainable) CountParameters(nn.Module module)
    {
        long total = 0, trainable = 0;
        foreach (var p in module.parameters())
        {
            total += p.numel();
            if (p.requires_grad) trainable += p.numel();
        }
        return (total, trainable);
    }

    static bool IsBatchNorm(nn.Module m) => m is BatchNorm1d or BatchNorm2d or BatchNorm3d;
}
