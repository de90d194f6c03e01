using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Resident memory across a longer <see cref="Learner.Fit"/>: the head on cached features for the planned epochs, read
/// at epoch ends by a callback. Growth between epoch 2 and 10 would mean tensors escaping their dispose scopes.
/// </summary>
static class KitMemory
{
    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageClassifier model, ImageDataset images, ImagePipeline pipeline)
    {
        using var learn = KitModelWorkloads.NewLearner(plan, model, images, pipeline, OptimizerSpec.Adam());
        learn.Freeze();
        var marks = new RssMarks(plan.RssEpochs);
        learn.Fit(plan.RssEpochs.Max(), plan.HeadLr, callbacks: [marks]);
        return marks.Measurements;
    }

    sealed class RssMarks(IReadOnlyList<int> epochs) : ICallback
    {
        public List<Measurement> Measurements { get; } = [];

        public void OnEpochEnd(FitContext context, EpochRecord record)
        {
            if (epochs.Contains(context.Epoch + 1))
                Measurements.Add(new Measurement($"rss_epoch{context.Epoch + 1}", 0, ProcessProbe.RssMegabytes(), Measurement.Megabytes));
        }
    }
}
