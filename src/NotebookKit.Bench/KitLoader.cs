using System.Diagnostics;
using NotebookKit.Data;

namespace NotebookKit.Benchmarks;

/// <summary>Eval-pipeline loader throughput (decode, resize, crop, normalise, batch tensor) with one thread and with all cores.</summary>
static class KitLoader
{
    public static IEnumerable<Measurement> Measure(BenchPlan plan, ImageDataset dataset, ImagePipeline pipeline)
    {
        var images = new ImageDataset("loader", dataset.Classes, [.. dataset.Samples.Take(plan.LoaderImages)]);
        foreach (var (name, threads) in new[] { ("loader_1thread", 1), ("loader_all_threads", Environment.ProcessorCount) })
        {
            var loader = new DataLoader(images, pipeline, plan.BatchSize, threads: threads);
            Drain(loader.Epoch(0).Take(1)); // warm-up: JIT and ImageSharp's codec tables
            var clock = Stopwatch.StartNew();
            Drain(loader.Epoch(1));
            yield return new Measurement(name, pipeline.OutputSize, images.Count / clock.Elapsed.TotalSeconds, Measurement.ImagesPerSecond);
        }
    }

    static void Drain(IEnumerable<Batch> batches)
    {
        foreach (var b in batches) b.Dispose();
    }
}
