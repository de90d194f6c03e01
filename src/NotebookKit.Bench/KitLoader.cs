using System.Diagnostics;
using NotebookKit.Data;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Eval-pipeline loader throughput (decode, resize, crop, normalise, batch tensor) with one thread and with all cores,
/// and with one thread on the plan's phone-size photos.
/// </summary>
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
        if (pipeline.OutputSize == plan.PhoneSize && plan.PhoneFiles is { Count: > 0 } phone)
        {
            // Phone-size photos with one thread: what the scaled JPEG decode is for.
            var photos = new ImageDataset("phone", dataset.Classes, [.. phone.Zip(plan.Labels, (f, l) => new ImageSample(f, l))]);
            var loader = new DataLoader(photos, pipeline, plan.BatchSize, threads: 1);
            Drain(loader.Epoch(0).Take(1));
            var clock = Stopwatch.StartNew();
            Drain(loader.Epoch(1));
            yield return new Measurement("loader_phone", pipeline.OutputSize, photos.Count / clock.Elapsed.TotalSeconds, Measurement.ImagesPerSecond);
        }
    }

    static void Drain(IEnumerable<Batch> batches)
    {
        foreach (var b in batches) b.Dispose();
    }
}
