using NotebookKit.Platform;
using System.Diagnostics;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

using NotebookKit.Models;

/// <summary>
/// One measurement: images per second of eval-mode inference on a fixed batch (wall clock), and the process CPU time
/// per batch. On a busy machine wall-clock speed drops while CPU time barely moves, so
/// <see cref="ImagesPerCpuSecond"/> × threads estimates the speed on idle cores.
/// </summary>
public sealed record BenchmarkResult(string Id, int InputSize, int BatchSize, int Threads, double MillisecondsPerBatch, double CpuMillisecondsPerBatch)
{
    public double ImagesPerSecond => BatchSize * 1000 / MillisecondsPerBatch;
    public double ImagesPerCpuSecond => BatchSize * 1000 / CpuMillisecondsPerBatch;

    public override string ToString() =>
        $"{Id}: {ImagesPerSecond:F1} images/s ({MillisecondsPerBatch:F0} ms per batch of {BatchSize} at {InputSize}, {Threads} threads; {ImagesPerCpuSecond:F1} images per CPU-second)";
}

/// <summary>
/// Inference speed of zoo models for the closing note: random weights (weights do not change the speed), eval mode,
/// no gradients, a random batch, the median of several timed batches after a warm-up batch.
/// </summary>
public static class InferenceBenchmark
{
    public static BenchmarkResult Run(string id, int batchSize = 16, int threads = 2, int? inputSize = null, int iterations = 3)
    {
        var size = inputSize ?? Pretrained.Get(id).Preprocess.InputSize;
        using (TorchThreads.Use(threads))
        {
            using var model = Pretrained.Classifier(id, ["a", "b"], pretrained: false);
            model.eval();
            using var _ = no_grad();
            using var x = randn(batchSize, 3, size, size);
            var times = new List<(double Wall, double Cpu)>();
            var process = Process.GetCurrentProcess();
            for (var i = 0; i <= iterations; i++)
            {
                using var scope = NewDisposeScope();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                model.forward(x);
                var wall = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                if (i > 0) times.Add((wall, (process.TotalProcessorTime - cpu).TotalMilliseconds));   // the first batch warms up allocators and kernels
            }
            var median = times.OrderBy(t => t.Wall).ElementAt(times.Count / 2);
            return new BenchmarkResult(id, size, batchSize, threads, median.Wall, median.Cpu);
        }
    }

    /// <summary>All the given models (default: the whole zoo) as a table: id, input size, ms per batch, images/s, images per CPU-second.</summary>
    public static DataFrame Table(IEnumerable<string>? ids = null, int batchSize = 16, int threads = 2, int iterations = 3)
    {
        var results = (ids ?? Pretrained.All.Select(e => e.Id)).Select(id => Run(id, batchSize, threads, iterations: iterations)).ToList();
        return new DataFrame(
            new StringDataFrameColumn("id", results.Select(r => r.Id)),
            new Int32DataFrameColumn("input", results.Select(r => r.InputSize)),
            new DoubleDataFrameColumn("ms/batch", results.Select(r => Math.Round(r.MillisecondsPerBatch, 1))),
            new DoubleDataFrameColumn("images/s", results.Select(r => Math.Round(r.ImagesPerSecond, 1))),
            new DoubleDataFrameColumn("images/CPU-s", results.Select(r => Math.Round(r.ImagesPerCpuSecond, 1))));
    }
}
