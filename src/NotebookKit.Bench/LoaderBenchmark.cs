using System.Diagnostics;

namespace NotebookKit.Benchmarks;

using NotebookKit.Data;

/// <summary>Measures how fast a <see cref="DataLoader"/> delivers images: decode + transforms + tensors, no model.</summary>
public static class LoaderBenchmark
{
    /// <summary>Images per second over <paramref name="batches"/> batches of 32 (after one warm-up batch), on <paramref name="threads"/> threads.</summary>
    public static double Run(ImageDataset dataset, ImagePipeline pipeline, int threads, int batches = 10)
    {
        var loader = new DataLoader(dataset, pipeline, batchSize: 32, shuffle: true, threads: threads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batches + 1, loader.BatchCount, nameof(batches));
        var images = 0;
        var clock = new Stopwatch();
        var seen = 0;
        foreach (var batch in loader.Epoch())
        {
            using (batch)
            {
                // The first batch pays JIT and file-cache warm-up; time from the second one on.
                if (seen++ == 0) { clock.Start(); continue; }
                images += batch.Count;
            }
            if (seen > batches) break;
        }
        return images / clock.Elapsed.TotalSeconds;
    }
}
