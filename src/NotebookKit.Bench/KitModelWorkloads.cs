using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// The model workloads, run by the <see cref="Learner"/> the chapters use (its execution plan, caches and batch step),
/// timed from inside: training steps by a <see cref="StepClock"/> callback (loader excluded), predictions on preloaded
/// batches through the same prediction step as <see cref="Learner.GetPreds"/>. SGD with momentum for the convolutional
/// workloads and Adam for the head, as bench/pytorch_reference.py.
/// </summary>
static class KitModelWorkloads
{
    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageClassifier model, ImageDataset images, ImagePipeline pipeline, int size)
    {
        var n = plan.BatchSize;
        var batches = Preload(new DataLoader(images, pipeline, n));
        try
        {
            // Frozen feature extraction: the frozen backbone predicting, as a frozen learner runs it (fused, channels-last, bf16 where native).
            using (var frozen = NewLearner(plan, model, images, pipeline, OptimizerSpec.Adam()))
            {
                frozen.Freeze();
                var extraction = PredictionSpeed(frozen, batches, plan.InferenceBatches, n);
                yield return new Measurement("extraction", size, extraction, Measurement.ImagesPerSecond);
                // The kit has one way to run a frozen backbone, so its best variant is its default (PyTorch's best is a run of its own).
                yield return new Measurement("extraction_best", size, extraction, Measurement.ImagesPerSecond);
            }

            foreach (var (workload, freeze, cache) in Training)
            {
                var head = workload == "train_head_cached";
                using var learn = NewLearner(plan, model, images, pipeline, head ? OptimizerSpec.Adam(0.9, 0.999) : OptimizerSpec.Sgd(momentum: 0.9), cache);
                if (freeze is null) learn.Unfreeze(); else learn.FreezeTo(freeze);
                var steps = (head ? plan.HeadSteps : plan.TrainSteps) + 1; // the first step warms up
                var clock = new StepClock();
                learn.Fit((steps + learn.StepsPerEpoch - 1) / learn.StepsPerEpoch, head ? plan.HeadLr : plan.Lr, callbacks: [clock]);
                yield return new Measurement(workload, size, clock.ImagesPerSecond(), Measurement.ImagesPerSecond);
                if (workload == "train_layer4_head_cached")
                    yield return new Measurement("partial_cache_build", size, images.Count / clock.SecondsToFitBegin, Measurement.ImagesPerSecond);
                if (freeze is null)
                    // A trained, unfrozen classifier predicting: the learner's default evaluation precision.
                    yield return new Measurement("inference", size, PredictionSpeed(learn, batches, plan.InferenceBatches, n), Measurement.ImagesPerSecond);
            }
        }
        finally { foreach (var b in batches) b.Dispose(); }
    }

    /// <summary>workload, the group training starts from (null: everything trains), whether frozen activations are cached.</summary>
    static readonly (string Workload, string? FreezeFrom, bool Cache)[] Training =
    [
        ("train_full", null, true),
        ("train_layer4_head", "layer4", false),
        ("train_layer4_head_cached", "layer4", true),
        ("train_head_cached", "head", true),
    ];

    /// <summary>A learner over <paramref name="images"/> (validation: its first batch), memory-only store, so nothing is served from an earlier run.</summary>
    public static Learner NewLearner(BenchPlan plan, ImageClassifier model, ImageDataset images, ImagePipeline pipeline, OptimizerSpec optimizer, bool cache = true)
    {
        var val = new ImageDataset("bench-val", images.Classes, [.. images.Samples.Take(plan.BatchSize)]);
        return new Learner(model, new DataLoader(images, pipeline, plan.BatchSize, shuffle: true, seed: plan.Seed), new DataLoader(val, pipeline, plan.BatchSize),
            options: new LearnerOptions { Seed = plan.Seed, Optimizer = optimizer, CacheDirectory = null, CacheFrozenActivations = cache });
    }

    /// <summary>Images per second of the learner's prediction step over <paramref name="count"/> preloaded batches, after one warm-up batch.</summary>
    static double PredictionSpeed(Learner learn, IReadOnlyList<Tensor> batches, int count, int batchSize)
    {
        var inputs = Enumerable.Range(0, count + 1).Select(i => batches[i % batches.Count]);
        var seconds = 0.0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = true;
        foreach (var _ in learn.Predict(inputs))
        {
            if (!first) seconds += clock.Elapsed.TotalSeconds;
            first = false;
            clock.Restart();
        }
        return count * batchSize / seconds;
    }

    static List<Tensor> Preload(DataLoader loader) =>
        [.. loader.Epoch(0).Select(b => { b.Labels.Dispose(); return b.Images; })];
}
