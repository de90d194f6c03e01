using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;

namespace NotebookKit.Benchmarks;

/// <summary>
/// One end-to-end layer4+head epoch of <see cref="Learner.Fit"/> without a cache (loader and steps, as a partial
/// fine-tune with augmentation runs) against its steps alone, both timed by a <see cref="StepClock"/>: the ratio is what
/// the loader adds to the wall time. The second epoch is measured; the first warms up.
/// </summary>
static class KitEpoch
{
    public const string Mode = "layer4+head (no cache)";

    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageClassifier model, ImageDataset dataset, ImagePipeline pipeline, int size)
    {
        var images = new ImageDataset("epoch", dataset.Classes, [.. dataset.Samples.Take(plan.EpochImages)]);
        using var learn = KitModelWorkloads.NewLearner(plan, model, images, pipeline, OptimizerSpec.Sgd(momentum: 0.9), cache: false);
        learn.FreezeTo("layer4");
        var clock = new StepClock();
        learn.Fit(2, plan.Lr, callbacks: [clock]);
        var epoch = clock.EpochSeconds[1];
        var pure = clock.Steps[1].Sum(s => s.Seconds);
        yield return new Measurement("epoch_layer4_head", size, clock.Steps[1].Sum(s => s.Images) / epoch, Measurement.ImagesPerSecond);
        yield return new Measurement("epoch_seconds", size, epoch, Measurement.Seconds);
        yield return new Measurement("pure_step_seconds", size, pure, Measurement.Seconds);
        yield return new Measurement("loader_overhead", size, epoch / pure, Measurement.Factor);
    }
}
