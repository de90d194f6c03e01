using System.Diagnostics;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>A measured candidate change: images/s with and without it over alternating pairs (ratio &gt; 1 = the change helps).</summary>
public sealed record CandidateResult(string Name, string Change, Spread Baseline, Spread Candidate, Spread Ratio);

/// <summary>
/// Candidate optimisations of code other engineers own (Data/, Models/), measured in one process as alternating
/// baseline/candidate runs on the same images and model, so the recommendation comes with its measured effect.
/// </summary>
public static class CandidateBench
{
    sealed record Candidate(string Name, string Change, Func<double> Baseline, Func<double> Variant);

    public static IReadOnlyList<CandidateResult> Run(BenchPlan plan, int pairs, int size = 224, IProgress<string>? log = null, IReadOnlySet<string>? only = null)
    {
        var dataset = new ImageDataset("bench", ["cat", "dog"], [.. plan.Files.Zip(plan.Labels, (f, l) => new ImageSample(f, l))]);
        var loaderImages = new ImageDataset("loader", dataset.Classes, [.. dataset.Samples.Take(plan.LoaderImages)]);
        var epochImages = new ImageDataset("epoch", dataset.Classes, [.. dataset.Samples.Take(plan.EpochImages)]);
        var spec = Pretrained.Get(KitPhase.ModelId).Preprocess.WithInputSize(size);
        var pipeline = ImagePipeline.ForEval(spec);
        var all = Environment.ProcessorCount;
        var torchThreads = get_num_threads();

        using var model = Pretrained.Classifier(KitPhase.ModelId, dataset.Classes, pretrained: false, seed: plan.Seed);
        using var copy = InferenceCopy.Of(model)!;
        var batches = new DirectLoader(new ImageDataset("preload", dataset.Classes, [.. dataset.Samples.Take(plan.PreloadImages)]), spec, plan.BatchSize, all, KnownResamplers.Bicubic).Epoch().ToList();

        double Loader(Func<IEnumerable<IDisposable>> epoch) => Throughput(loaderImages.Count, () => { foreach (var b in epoch()) b.Dispose(); });
        IEnumerable<IDisposable> Direct(IResampler sampler) =>
            new DirectLoader(loaderImages, spec, plan.BatchSize, all, sampler).Epoch().SelectMany(b => new IDisposable[] { b.Images, b.Labels });
        double Infer(ImageClassifier m, List<(Tensor Images, Tensor Labels)> input, bool inferenceMode)
        {
            m.eval();
            return Throughput(plan.InferenceBatches * plan.BatchSize, () =>
            {
                for (var i = 0; i < plan.InferenceBatches; i++)
                {
                    using var guard = inferenceMode ? inference_mode(true) : no_grad();
                    using var scope = NewDisposeScope();
                    m.forward(input[i % input.Count].Images);
                }
            });
        }
        double Extract(InferenceCopy c, List<(Tensor Images, Tensor Labels)> input, int join)
        {
            var last = model.LayerGroups.Count - 2;
            var joined = input.Chunk(join).Where(g => g.Length == join).Select(g => cat(g.Select(b => b.Images).ToArray(), 0)).ToList();
            try
            {
                var rounds = Math.Max(1, plan.InferenceBatches / join);
                return Throughput(rounds * join * plan.BatchSize, () =>
                {
                    for (var i = 0; i < rounds; i++) { using var scope = NewDisposeScope(); c.Run(joined[i % joined.Count], last); }
                });
            }
            finally { foreach (var j in joined) j.Dispose(); }
        }
        double Train(TrainMode mode, bool channelsLast, ComputePrecision precision = ComputePrecision.Float32)
        {
            using var trainer = new KitTraining(model, plan).Prepare(mode, batches, channelsLast, precision);
            trainer.Step(0);
            return Throughput(plan.TrainSteps * plan.BatchSize, () => { for (var i = 0; i < plan.TrainSteps; i++) trainer.Step(i + 1); });
        }
        double Epoch(int loaderThreads, int threads)
        {
            using (TorchThreads.Use(threads))
            {
                using var trainer = new KitTraining(model, plan).Prepare(TrainMode.Layer4Head, batches);
                var loader = new DataLoader(epochImages, pipeline, plan.BatchSize, shuffle: true, seed: plan.Seed, threads: loaderThreads);
                return Throughput(epochImages.Count, () => { foreach (var b in loader.Epoch(1)) using (b) trainer.Step(b.Images, b.Labels); });
            }
        }
        double TrainBatch(int batchSize)
        {
            // Only whole batches of the requested size, cycled: a short last chunk would be counted at the wrong size.
            var factor = Math.Max(1, batchSize / plan.BatchSize);
            var big = batches.Chunk(factor).Where(c => c.Length == factor)
                .Select(c => (cat(c.Select(b => b.Images).ToArray(), 0), cat(c.Select(b => b.Labels).ToArray(), 0))).ToList();
            try
            {
                using var trainer = new KitTraining(model, plan).Prepare(TrainMode.Layer4Head, big);
                var steps = Math.Max(1, plan.TrainSteps / factor);
                trainer.Step(0);
                return Throughput(steps * batchSize, () => { for (var i = 0; i < steps; i++) trainer.Step(i + 1); });
            }
            finally { foreach (var (x, y) in big) { x.Dispose(); y.Dispose(); } }
        }

        Candidate[] candidates =
        [
            new("loader_no_copies", "DataLoader/ImagePipeline: one file open, pixels read in place, floats written into the batch tensor (bicubic, as the kit)",
                () => Loader(() => new DataLoader(loaderImages, pipeline, plan.BatchSize, threads: all).Epoch(0)), () => Loader(() => Direct(KnownResamplers.Bicubic))),
            new("loader_bilinear", "as loader_no_copies, resizing bilinearly (KnownResamplers.Triangle, torchvision's default)",
                () => Loader(() => new DataLoader(loaderImages, pipeline, plan.BatchSize, threads: all).Epoch(0)), () => Loader(() => Direct(KnownResamplers.Triangle))),
            new("inference_mode", "inference under torch.inference_mode(true) instead of no_grad()",
                () => Infer(model, batches, false), () => Infer(model, batches, true)),
            new("extraction_batch_64", "frozen extraction (the inference copy) at batch 64 instead of 32",
                () => Extract(copy, batches, 1), () => Extract(copy, batches, 2)),
            new("train_full_channels_last", "full fine-tuning step, input channels-last (the kit's way; weights stay NCHW, so gradients keep their layout) vs NCHW",
                () => Train(TrainMode.Full, false), () => Train(TrainMode.Full, true)),
            new("train_full_bf16", "full fine-tuning step in bf16 mixed precision (Autocast: convolutions and linear layers in bf16 on fp32 master weights, BatchNorm statistics and loss fp32) vs fp32, both channels-last",
                () => Train(TrainMode.Full, true), () => Train(TrainMode.Full, true, ComputePrecision.BFloat16)),
            new("train_layer4_channels_last", "layer4+head step (frozen prefix in its copy), layer4's input channels-last (the kit's way) vs NCHW",
                () => Train(TrainMode.Layer4Head, false), () => Train(TrainMode.Layer4Head, true)),
            new("epoch_torch_1thread", "layer4+head epoch: torch.set_num_threads(1) while the loader decodes on all cores",
                () => Epoch(all, torchThreads), () => Epoch(all, 1)),
            new("epoch_loader_1thread", "layer4+head epoch: loader threads 1 (torch keeps its threads)",
                () => Epoch(all, torchThreads), () => Epoch(1, torchThreads)),
            new("train_batch_64", "layer4+head training step with batch 64 instead of 32 (preloaded tensors)",
                () => TrainBatch(plan.BatchSize), () => TrainBatch(2 * plan.BatchSize)),
        ];

        candidates = [.. candidates.Where(c => only is null || only.Contains(c.Name))];
        foreach (var c in candidates) { c.Baseline(); c.Variant(); } // warm-up: JIT, oneDNN primitives, allocator
        var results = new List<CandidateResult>();
        foreach (var c in candidates)
        {
            List<double> a = [], b = [], r = [];
            for (var i = 0; i < pairs; i++)
            {
                a.Add(c.Baseline());
                b.Add(c.Variant());
                r.Add(b[^1] / a[^1]);
            }
            results.Add(new CandidateResult(c.Name, c.Change, Spread.Of(a)!, Spread.Of(b)!, Spread.Of(r)!));
            log?.Report($"{c.Name}: {Spread.Of(r)!.Median:F2}x ({string.Join(", ", r.Select(x => x.ToString("F2")))})");
        }
        foreach (var (x, y) in batches) { x.Dispose(); y.Dispose(); }
        return results;
    }

    public static string ToJson(IReadOnlyList<CandidateResult> results) => System.Text.Json.JsonSerializer.Serialize(results, BenchJson.Options);

    static double Throughput(int images, Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return images / clock.Elapsed.TotalSeconds;
    }
}
