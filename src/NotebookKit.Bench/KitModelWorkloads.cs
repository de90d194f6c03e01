using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>Inference and the four training workloads on preloaded batches: pure model time, no loader.</summary>
static class KitModelWorkloads
{
    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageClassifier model, IReadOnlyList<(Tensor Images, Tensor Labels)> batches, int size)
    {
        var n = plan.BatchSize;
        model.eval();
        var seconds = StepTimer.Time(plan.InferenceBatches, i =>
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            model.forward(batches[i % batches.Count].Images);
        });
        yield return new Measurement("inference", size, plan.InferenceBatches * n / seconds, Measurement.ImagesPerSecond);

        // Frozen feature extraction as the Learner runs it: the backbone's inference copy (bf16 where native, channels-last, folded BatchNorm).
        // The kit has one way to run a frozen backbone, so its best variant is its default (PyTorch's best is a separate run of its own).
        using (var copy = InferenceCopy.Of(model)!)
        {
            var last = model.LayerGroups.Count - 2;
            seconds = StepTimer.Time(plan.InferenceBatches, i =>
            {
                using var scope = NewDisposeScope();
                copy.Run(batches[i % batches.Count].Images, last);
            });
            var extraction = plan.InferenceBatches * n / seconds;
            yield return new Measurement("extraction", size, extraction, Measurement.ImagesPerSecond);
            yield return new Measurement("extraction_best", size, extraction, Measurement.ImagesPerSecond);
        }

        var training = new KitTraining(model, plan);
        foreach (var (mode, name) in Names)
        {
            var steps = mode == TrainMode.HeadCached ? plan.HeadSteps : plan.TrainSteps;
            using var trainer = training.Prepare(mode, batches);
            seconds = StepTimer.Time(steps, i => trainer.Step(i));
            yield return new Measurement(name, size, steps * n / seconds, Measurement.ImagesPerSecond);
            if (mode == TrainMode.Layer4HeadCached)
                yield return new Measurement("partial_cache_build", size, batches.Sum(b => b.Images.shape[0]) / trainer.CacheSeconds, Measurement.ImagesPerSecond);
        }
    }

    public static readonly (TrainMode Mode, string Name)[] Names =
    [
        (TrainMode.Full, "train_full"),
        (TrainMode.Layer4Head, "train_layer4_head"),
        (TrainMode.Layer4HeadCached, "train_layer4_head_cached"),
        (TrainMode.HeadCached, "train_head_cached"),
    ];
}
