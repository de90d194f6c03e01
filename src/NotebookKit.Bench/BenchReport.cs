using System.Text.Json.Serialization;
using System.Text.Json;

namespace NotebookKit.Benchmarks;

/// <summary>Median and range of one quantity over the pairs.</summary>
public sealed record Spread(double Median, double Min, double Max, IReadOnlyList<double> Values)
{
    public static Spread? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1], values);
    }
}

/// <summary>
/// One row of the table: a workload at a size, the kit's and PyTorch's values over the pairs, and the per-pair
/// ratio oriented so that &gt; 1 means the kit is better (kit/PyTorch for throughput, PyTorch/kit for times and memory).
/// For model workloads, the medians as achieved GFLOP/s and the kit's as a fraction of this CPU's peak for its arithmetic
/// (<see cref="MachineInfo"/>; extraction runs bf16 where native, training fp32).
/// </summary>
public sealed record WorkloadRow(string Workload, int Size, string Unit, Spread Kit, Spread? Pytorch, Spread? Ratio,
    double? KitGflops = null, double? PytorchGflops = null, double? KitFractionOfPeak = null);

/// <summary>The bench's JSON output. The first fields are the contract CI and docs read; <see cref="Workloads"/> is the full table.</summary>
/// <param name="Loader1ThreadVsPytorch">One-thread eval loader (decode, resize, crop, normalise) against Pillow + torchvision with no workers, at the headline size.</param>
/// <param name="LoaderPhoneVsPytorchBest">The same loader on 4032×3024 JPEGs against Pillow with <c>draft</c> (its scaled JPEG decode, PyTorch's best).</param>
/// <param name="InferenceVsPytorch">Per input size: a trained, unfrozen classifier predicting (the learner's default evaluation precision) against PyTorch's eval-mode fp32 forward.</param>
public sealed record BenchReport(
    IReadOnlyDictionary<int, double?> InferenceVsPytorch,
    double? ExtractionVsPytorch,
    double? ExtractionVsPytorchBest,
    double? FullStepVsPytorch,
    double? FractionOfPeakExtraction,
    double? EndToEndVsPytorch,
    double? StepVsPytorch,
    [property: JsonPropertyName("loader_1thread_vs_pytorch")] double? Loader1ThreadVsPytorch,
    double? LoaderPhoneVsPytorchBest,
    double LoaderOverhead,
    double PartialCacheSpeedup,
    [property: JsonPropertyName("rss_growth_epoch2_to_10")] double RssGrowthEpoch2To10,
    double ColdStartSeconds,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Versions,
    string EndToEndMode,
    int HeadlineSize,
    int Pairs,
    IReadOnlyList<double[]> LoadAverages,
    BenchPlanSummary Plan,
    IReadOnlyList<WorkloadRow> Workloads)
{
    public string ToJson() => JsonSerializer.Serialize(this, BenchJson.Options);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson());
    }
}

/// <summary>The plan without its file list.</summary>
public sealed record BenchPlanSummary(int Images, IReadOnlyList<int> Sizes, int BatchSize, int LoaderImages, int InferenceBatches, int TrainSteps, int HeadSteps, int EpochImages, int RssRows)
{
    public static BenchPlanSummary Of(BenchPlan p) => new(p.Files.Count, p.Sizes, p.BatchSize, p.LoaderImages, p.InferenceBatches, p.TrainSteps, p.HeadSteps, p.EpochImages, p.RssRows);
}
