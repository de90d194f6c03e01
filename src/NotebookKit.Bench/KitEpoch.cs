using System.Diagnostics;
using NotebookKit.Data;
using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// One end-to-end layer4+head epoch (loader and steps, as a partial fine-tune runs without a cache) against the
/// same number of steps on preloaded tensors: the ratio is what the loader adds to the wall time.
/// </summary>
static class KitEpoch
{
    public const string Mode = "layer4+head (no cache)";

    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageClassifier model, ImageDataset dataset, ImagePipeline pipeline,
        IReadOnlyList<(Tensor Images, Tensor Labels)> batches, int size)
    {
        var images = new ImageDataset("epoch", dataset.Classes, [.. dataset.Samples.Take(plan.EpochImages)]);
        var loader = new DataLoader(images, pipeline, plan.BatchSize, shuffle: true, seed: plan.Seed);
        using var trainer = new KitTraining(model, plan).Prepare(TrainMode.Layer4Head, batches);
        trainer.Step(0); // warm-up outside both timings

        var clock = Stopwatch.StartNew();
        foreach (var batch in loader.Epoch(1))
            using (batch) trainer.Step(batch.Images, batch.Labels);
        var epoch = clock.Elapsed.TotalSeconds;

        // Same batch count and sizes, tensors already in memory.
        var sizes = Enumerable.Range(0, loader.BatchCount).Select(b => Math.Min(plan.BatchSize, images.Count - b * plan.BatchSize)).ToArray();
        clock.Restart();
        for (var b = 0; b < sizes.Length; b++)
        {
            var (x, y) = batches[b % batches.Count];
            trainer.Step(x.narrow(0, 0, Math.Min(sizes[b], x.shape[0])), y.narrow(0, 0, Math.Min(sizes[b], y.shape[0])));
        }
        var pure = clock.Elapsed.TotalSeconds;

        yield return new Measurement("epoch_layer4_head", size, images.Count / epoch, Measurement.ImagesPerSecond);
        yield return new Measurement("epoch_seconds", size, epoch, Measurement.Seconds);
        yield return new Measurement("pure_step_seconds", size, pure, Measurement.Seconds);
        yield return new Measurement("loader_overhead", size, epoch / pure, Measurement.Factor);
    }
}
