using NotebookKit.Notebooks;
using System.Text.Json;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Everything both engines need to run the same workloads: the image files, sizes and counts. The harness
/// writes it as JSON and hands the same file to the kit phase and to bench/pytorch_reference.py, so the two
/// never disagree on what they measure. <see cref="PhoneFiles"/> (phone-size JPEGs, <see cref="PhoneImages"/> of them) are
/// written by the harness into its own temp folder before the first phase.
/// </summary>
public sealed record BenchPlan(
    IReadOnlyList<string> Files,
    IReadOnlyList<int> Labels,
    IReadOnlyList<int> Sizes,
    int BatchSize,
    int LoaderImages,
    int InferenceBatches,
    int TrainSteps,
    int HeadSteps,
    int EpochImages,
    int RssRows,
    IReadOnlyList<int> RssEpochs,
    double Lr,
    double HeadLr,
    int Seed,
    int PhoneImages = 0,
    IReadOnlyList<string>? PhoneFiles = null)
{
    /// <summary>
    /// Counts for a measured run: a phase takes about two CPU-minutes per core on 2 cores (full fine-tuning at 224 px
    /// dominates). Few timed steps per phase are enough because every phase is repeated in alternating pairs.
    /// </summary>
    public static BenchPlan Full(IReadOnlyList<string> files, IReadOnlyList<int> labels) =>
        new(files, labels, [224, 160], BatchSize: 32, LoaderImages: 96, InferenceBatches: 2, TrainSteps: 2, HeadSteps: 300,
            EpochImages: 96, RssRows: 800, RssEpochs: [1, 2, 5, 10], Lr: 1e-3, HeadLr: 1e-3, Seed: Kit.Seed, PhoneImages: 96);

    /// <summary>Smoke-test counts (CI): every code path once, numbers meaningless.</summary>
    public static BenchPlan Quick(IReadOnlyList<string> files, IReadOnlyList<int> labels) =>
        new(files, labels, [64], BatchSize: 4, LoaderImages: 8, InferenceBatches: 1, TrainSteps: 1, HeadSteps: 10,
            EpochImages: 8, RssRows: 32, RssEpochs: [1, 2, 5, 10], Lr: 1e-3, HeadLr: 1e-3, Seed: Kit.Seed, PhoneImages: 4);

    /// <summary>
    /// The input size of the phone-photo loader workload (the headline size when planned, else the first). Written into
    /// the plan's JSON, so the Python reference reads the same number.
    /// </summary>
    public int PhoneSize => Sizes.Contains(BenchReportBuilder.HeadlineSize) ? BenchReportBuilder.HeadlineSize : Sizes[0];

    /// <summary>Images the model workloads preload per size: enough for warm-up plus timed steps.</summary>
    public int PreloadImages => Math.Min(Files.Count, BatchSize * (Math.Max(InferenceBatches, TrainSteps) + 1));

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, BenchJson.Options));

    public static BenchPlan Load(string path) =>
        JsonSerializer.Deserialize<BenchPlan>(File.ReadAllText(path), BenchJson.Options) ?? throw new InvalidDataException($"'{path}' is not a bench plan.");
}
