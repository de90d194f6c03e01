using System.Reflection;
using NotebookKit.Data;
using NotebookKit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// One kit phase of the paired benchmark: every workload of <see cref="BenchPlan"/> at every size, in one process.
/// Cold start comes first because it is measured from process start.
/// </summary>
public static class KitPhase
{
    public const string ModelId = Pretrained.DefaultId;

    public static PhaseResult Run(BenchPlan plan, IProgress<string>? log = null)
    {
        var results = new List<Measurement>();
        var dataset = new ImageDataset("bench", ["cat", "dog"], [.. plan.Files.Zip(plan.Labels, (f, l) => new ImageSample(f, l))]);
        results.Add(ColdStart(plan, dataset));
        log?.Report($"cold start {results[^1].Value:F2} s");
        foreach (var size in plan.Sizes)
        {
            var pipeline = ImagePipeline.ForEval(Pretrained.Get(ModelId).Preprocess.WithInputSize(size));
            results.AddRange(KitLoader.Measure(plan, dataset, pipeline));
            log?.Report($"size {size}: loader done");
            using var model = Pretrained.Classifier(ModelId, dataset.Classes, pretrained: false, seed: plan.Seed, inputSize: size);
            var preload = new ImageDataset("preload", dataset.Classes, [.. dataset.Samples.Take(plan.PreloadImages)]);
            results.AddRange(KitModelWorkloads.Measure(plan, model, preload, pipeline, size));
            log?.Report($"size {size}: model workloads done");
            results.AddRange(KitEpoch.Measure(plan, model, dataset, pipeline, size));
            log?.Report($"size {size}: epoch done");
        }
        using (var model = Pretrained.Classifier(ModelId, dataset.Classes, pretrained: false, seed: plan.Seed, inputSize: plan.Sizes[0]))
            results.AddRange(KitMemory.Measure(plan, model, dataset, ImagePipeline.ForEval(model.Preprocess)));
        return new PhaseResult("kit", Versions(), get_num_threads(), results);
    }

    /// <summary>Process start → first batch tensor: runtime start, model construction, loader, first decode.</summary>
    static Measurement ColdStart(BenchPlan plan, ImageDataset dataset)
    {
        var size = plan.Sizes[0];
        using var model = Pretrained.Classifier(ModelId, dataset.Classes, pretrained: false, seed: plan.Seed);
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(model.Preprocess.WithInputSize(size)), plan.BatchSize);
        using var first = loader.Epoch(0).First();
        return new Measurement("cold_start_first_batch", size, ProcessProbe.AgeSeconds(), Measurement.Seconds);
    }

    public static IReadOnlyDictionary<string, string> Versions() => new Dictionary<string, string>
    {
        ["dotnet"] = Environment.Version.ToString(),
        ["torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
        ["libtorch"] = __version__,
        // ImageSharp keeps its assembly version at 2.0.0 across 2.x releases; the informational version is the package's.
        ["imagesharp"] = typeof(SixLabors.ImageSharp.Image).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?",
        // Which libjpeg-turbo the loader workloads decoded with: the OS's (with its SIMD) or SkiaSharp's.
        ["jpeg_decoder"] = JpegBackend.Current is TurboJpegBackend ? $"libturbojpeg {NotebookKit.Platform.TurboJpeg.Describe().Version ?? "?"}" : "skia",
    };
}
