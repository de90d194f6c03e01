using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>What one module produced in a profiling forward: its output shape (batch of one), the multiply-accumulates it did, and when it ran (0, 1, …).</summary>
readonly record struct ModuleTrace(long[] OutputShape, long Macs, int Order);

/// <summary>
/// Runs one zero image through a model with forward hooks on the given modules and records output shapes and
/// multiply-accumulates of Conv2d and Linear layers and of <see cref="IMacCounted"/> modules (others count 0). Runs in eval mode without gradients and restores
/// every module's training flag afterwards. Hooks fire only for modules invoked through call(), as all the kit's
/// and TorchVision's modules do.
/// </summary>
static class ForwardProfiler
{
    public static Dictionary<nn.Module, ModuleTrace> Run(nn.Module<Tensor, Tensor> model, int inputSize, IEnumerable<nn.Module> watch, int channels = 3)
    {
        var traces = new Dictionary<nn.Module, ModuleTrace>(ReferenceEqualityComparer.Instance);
        var flags = model.modules().Prepend(model).Select(m => (m, m.training)).ToList();
        var removers = new List<Action>();
        try
        {
            foreach (var module in watch.Distinct(ReferenceEqualityComparer.Instance).OfType<nn.Module<Tensor, Tensor>>())
            {
                var hook = module.register_forward_hook((m, input, output) =>
                {
                    traces[m] = new ModuleTrace(output.shape, Macs(m, output), traces.Count);
                    return output;
                });
                removers.Add(() => hook.remove());
            }
            model.eval();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros(1, channels, inputSize, inputSize));
        }
        finally
        {
            foreach (var remove in removers) remove();
            // Pre-order: a parent's train() recurses into its children, whose own entries come later and win.
            foreach (var (m, training) in flags) m.train(training);
        }
        return traces;
    }

    /// <summary>
    /// Conv2d: output elements × (in channels / groups) × kernel area; Linear: output elements × in features. The
    /// profiled batch is one image, so every output element counts (a Linear inside window attention sees the windows
    /// as its batch: dividing by its first dimension would undercount Swin's by the number of windows).
    /// </summary>
    static long Macs(nn.Module module, Tensor output) => module switch
    {
        Conv2d c => output.numel() * c.weight.shape[1] * c.weight.shape[2] * c.weight.shape[3],
        Linear l => output.numel() * l.weight.shape[1],
        IMacCounted m => m.Macs(output),
        _ => 0,
    };
}

/// <summary>
/// A module that multiplies outside its Conv2d and Linear children (attention's products, a functional projection) and
/// says how much, per image of <paramref name="output"/>'s batch, as torchvision's GFLOPS count it.
/// </summary>
interface IMacCounted
{
    long Macs(Tensor output);
}
