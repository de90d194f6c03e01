using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// PyTorch's <c>torch.ao.quantization.fuse_modules</c> for inference, without a list of names: which BatchNorm2d takes
/// exactly the output of which Conv2d is found by running one probe image with forward hooks (TorchSharp has no graph
/// tracing), so it works on any module tree built from Conv2d and BatchNorm2d that calls them through <c>call()</c>.
/// </summary>
public static class BatchNormFusion
{
    static readonly ConditionalWeakTable<nn.Module, IReadOnlyDictionary<Conv2d, BatchNorm2d>> Known = [];

    /// <summary>
    /// The convolution → BatchNorm pairs of <paramref name="model"/> (found once per model): a BatchNorm whose input is the
    /// output of the layer that ran just before it, a convolution with as many output channels. Runs in eval mode
    /// without gradients and restores every module's training flag.
    /// </summary>
    public static IReadOnlyDictionary<Conv2d, BatchNorm2d> Pairs(nn.Module<Tensor, Tensor> model, int inputSize) =>
        Known.GetValue(model, m => Find((nn.Module<Tensor, Tensor>)m, inputSize));

    static Dictionary<Conv2d, BatchNorm2d> Find(nn.Module<Tensor, Tensor> model, int inputSize)
    {
        var events = new List<(nn.Module Module, IntPtr Input, IntPtr Output)>();
        var flags = model.modules().Prepend(model).Select(m => (m, m.training)).ToList();
        var hooks = new List<Action>();
        try
        {
            foreach (var m in model.modules().Where(m => m is Conv2d or BatchNorm2d).Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module<Tensor, Tensor>>())
            {
                var hook = m.register_forward_hook((module, input, output) =>
                {
                    events.Add((module, input.Handle, output.Handle));
                    return output;
                });
                hooks.Add(() => hook.remove());
            }
            model.eval();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros(1, 3, inputSize, inputSize));
        }
        finally
        {
            foreach (var remove in hooks) remove();
            foreach (var (m, training) in flags) m.train(training);
        }
        // Every run of the convolution must feed the BatchNorm, and every run of the BatchNorm come from the convolution.
        var after = new Dictionary<nn.Module, HashSet<nn.Module?>>(ReferenceEqualityComparer.Instance);
        var before = new Dictionary<nn.Module, HashSet<nn.Module?>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < events.Count; i++)
        {
            var (module, input, output) = events[i];
            if (module is Conv2d)
            {
                var next = i + 1 < events.Count && events[i + 1].Module is BatchNorm2d && events[i + 1].Input == output ? events[i + 1].Module : null;
                Add(after, module, next);
            }
            else
            {
                var previous = i > 0 && events[i - 1].Module is Conv2d && events[i - 1].Output == input ? events[i - 1].Module : null;
                Add(before, module, previous);
            }
        }
        var pairs = new Dictionary<Conv2d, BatchNorm2d>(ReferenceEqualityComparer.Instance);
        foreach (var (module, next) in after)
            if (module is Conv2d conv && next.Count == 1 && next.Single() is BatchNorm2d bn
                && before[bn].Count == 1 && ReferenceEquals(before[bn].Single(), conv) && conv.weight!.shape[0] == bn.weight!.shape[0])
                pairs[conv] = bn;
        return pairs;
    }

    static void Add(Dictionary<nn.Module, HashSet<nn.Module?>> map, nn.Module key, nn.Module? value)
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = new HashSet<nn.Module?>(ReferenceEqualityComparer.Instance);
        set.Add(value);
    }
}
