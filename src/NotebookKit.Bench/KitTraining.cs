using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Plain TorchSharp training loops for the bench: SGD with momentum for the conv workloads, Adam for the head,
/// each step in its own dispose scope; frozen groups run as the Learner runs them, in their <see cref="InferenceCopy"/>, and
/// trainable ones in the Learner's training precision (bf16 mixed precision where the CPU computes bf16 natively).
/// bench/pytorch_reference.py mirrors these loops line for line (with PyTorch's default fp32 frozen groups).
/// </summary>
sealed class KitTraining(ImageClassifier model, BenchPlan plan)
{
    readonly BackboneStages stages = new(model);
    readonly IReadOnlyList<LayerGroup> groups = model.LayerGroups;
    /// <summary>Index of layer3: stem … layer3 is the frozen (cacheable) prefix, layer4 + head train.</summary>
    readonly int boundary = model.LayerGroups.Select(g => g.Name).ToList().IndexOf("layer3");

    /// <summary>A step function for <paramref name="mode"/> over preloaded batches (cycled); prepares caches first.</summary>
    /// <param name="channelsLast">Trainable layers take a channels-last input, as in the Learner; false for the candidate bench's baseline.</param>
    /// <param name="precision">How the trainable backbone layers and the head compute (default: as the Learner's default,
    /// <see cref="LearnerOptions.TrainPrecision"/> on this CPU); the head trained alone is fp32, as in the Learner.</param>
    public Trainer Prepare(TrainMode mode, IReadOnlyList<(Tensor Images, Tensor Labels)> batches, bool channelsLast = true, ComputePrecision? precision = null)
    {
        var bf16 = (precision ?? ComputePrecision.Auto).ResolveTraining() == ComputePrecision.BFloat16;
        Unfreeze();
        if (mode == TrainMode.Full)
            return new Trainer(optim.SGD(model.parameters(), plan.Lr, momentum: 0.9), batches, x => Trainable(model.forward, x, bf16), null, 0) { ChannelsLast = channelsLast };
        FreezePrefix();
        var last = groups.Count - 1;
        var copy = InferenceCopy.Of(model)!;
        Tensor Suffix(Tensor x) => stages.Run(x, boundary + 1, last);
        if (mode == TrainMode.Layer4Head)
            return new Trainer(optim.SGD(SuffixParameters(), plan.Lr, momentum: 0.9), batches, x => Trainable(Suffix, Layout(copy.Run(x, boundary), channelsLast), bf16), null, 0, copy);
        if (mode == TrainMode.Layer4HeadCached)
        {
            var (cached, seconds) = Cache(batches, x => copy.Run(x, boundary));
            return new Trainer(optim.SGD(SuffixParameters(), plan.Lr, momentum: 0.9), cached, x => Trainable(Suffix, x, bf16), cached, seconds, copy) { ChannelsLast = channelsLast };
        }
        foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false;
        model.BackboneModule.eval();
        var (features, s) = Cache(batches, x => copy.Run(x, last - 1));
        return new Trainer(optim.Adam(model.Head.parameters(), plan.HeadLr), features, model.Head.forward, features, s, copy);
    }

    static Tensor Layout(Tensor x, bool channelsLast) => channelsLast ? x.ChannelsLast() : x;

    /// <summary>The trainable layers as the Learner runs them: fp32, or through <see cref="Autocast.Run"/>.</summary>
    static Tensor Trainable(Func<Tensor, Tensor> layers, Tensor x, bool bf16) => bf16 ? Autocast.Run(layers, x) : layers(x);

    IEnumerable<TorchSharp.Modules.Parameter> SuffixParameters() => groups.Skip(boundary + 1).SelectMany(g => g.Parameters());

    /// <summary>Freezes stem … layer3 (no gradients, eval-mode BatchNorm) and leaves the rest trainable.</summary>
    void FreezePrefix()
    {
        model.train();
        foreach (var m in groups.Take(boundary + 1).SelectMany(g => g.Modules))
        {
            m.eval();
            foreach (var p in m.parameters()) p.requires_grad = false;
        }
    }

    /// <summary>Everything trainable and in training mode again.</summary>
    void Unfreeze()
    {
        model.train();
        foreach (var p in model.parameters()) p.requires_grad = true;
    }

    /// <summary>Runs the frozen part once over every batch under no_grad and keeps its outputs (and the time it took).</summary>
    static (List<(Tensor, Tensor)> Cached, double Seconds) Cache(IReadOnlyList<(Tensor Images, Tensor Labels)> batches, Func<Tensor, Tensor> frozen)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var _ = no_grad();
        var cached = batches.Select(b => (frozen(b.Images), b.Labels)).ToList();
        return (cached, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One optimiser over one input source; owns the cached tensors it was given.</summary>
    public sealed class Trainer(optim.Optimizer optimizer, IReadOnlyList<(Tensor Inputs, Tensor Labels)> inputs, Func<Tensor, Tensor> forward,
        List<(Tensor, Tensor)>? owned, double cacheSeconds, InferenceCopy? frozen = null) : IDisposable
    {
        /// <summary>Whether a 4-D input is made channels-last before the trainable layers (the Learner's way).</summary>
        public bool ChannelsLast { get; init; }

        /// <summary>Time spent building the cache this trainer reads from (0 when it reads images).</summary>
        public double CacheSeconds { get; } = cacheSeconds;

        /// <summary>One optimisation step on batch <paramref name="i"/> (mod the batch count); returns the loss.</summary>
        public float Step(int i) => Step(inputs[i % inputs.Count].Inputs, inputs[i % inputs.Count].Labels);

        public float Step(Tensor x, Tensor y)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(forward(ChannelsLast ? x.ChannelsLast() : x), y);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        public void Dispose()
        {
            optimizer.Dispose();
            frozen?.Dispose();
            if (owned is null) return;
            foreach (var (x, _) in owned) x.Dispose();
        }
    }
}
