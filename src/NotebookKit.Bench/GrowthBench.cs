using System.Diagnostics;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;

namespace NotebookKit.Benchmarks;

/// <summary>One point of the cost-growth table: a dataset size and an input size through the Learner's two cached paths.</summary>
/// <param name="FeaturesSeconds">Frozen backbone → pooled features of every image (decode included): the one-off cost of head-only training.</param>
/// <param name="HeadEpochSeconds">One head-only epoch on those cached features.</param>
/// <param name="Layer3CacheSeconds">stem … layer3 of every image, kept for layer4 fine-tuning (decode included).</param>
/// <param name="Layer4EpochSeconds">One layer4 + head epoch from the cached layer3 activations.</param>
public sealed record GrowthPoint(int Images, int Size, double FeaturesSeconds, double FeaturesMb, double HeadEpochSeconds,
    double Layer3CacheSeconds, double Layer3CacheMb, double Layer4EpochSeconds);

/// <summary>
/// How cost grows with images and input size, measured through the real engine (<see cref="Learner"/>, memory-only
/// activation store so nothing is served from an earlier run). Distinct photos only: <paramref name="photos"/> must hold
/// at least the largest count (the CLI pools the cats-dogs and plants splits: 1,800 photos).
/// </summary>
public static class GrowthBench
{
    public static IReadOnlyList<GrowthPoint> Run(IReadOnlyList<ImageSample> photos, int[] counts, int[] sizes, IProgress<string>? log = null)
    {
        if (photos.Count < counts.Max()) throw new ArgumentException($"{photos.Count} photos, the largest count is {counts.Max()}.", nameof(photos));
        Measure(photos, Math.Min(16, counts.Min()), sizes.Min()); // warm-up: JIT, weights, oneDNN primitives
        var points = new List<GrowthPoint>();
        foreach (var size in sizes)
            foreach (var n in counts)
            {
                var p = Measure(photos, n, size);
                points.Add(p);
                log?.Report($"{n} images at {size} px: features {p.FeaturesSeconds:F1} s ({p.FeaturesMb:F1} MB), head epoch {p.HeadEpochSeconds:F2} s, " +
                    $"layer3 cache {p.Layer3CacheSeconds:F1} s ({p.Layer3CacheMb:F0} MB), layer4 epoch {p.Layer4EpochSeconds:F1} s");
            }
        return points;
    }

    static GrowthPoint Measure(IReadOnlyList<ImageSample> photos, int n, int size)
    {
        var data = new ImageDataset($"growth-{n}", ["a", "b"], [.. photos.Take(n)]);
        using var model = Pretrained.Classifier(Pretrained.DefaultId, data.Classes, HeadSpec.Linear, pretrained: true, inputSize: size);
        var spec = model.Preprocess;
        var loader = new DataLoader(data, ImagePipeline.ForEval(spec), 32, shuffle: true);
        var val = new DataLoader(new ImageDataset("val", data.Classes, [.. data.Samples.Take(32)]), ImagePipeline.ForEval(spec), 32);
        using var learn = new Learner(model, loader, val, options: new LearnerOptions { CacheDirectory = null });
        learn.Freeze();
        var features = Time(() => learn.Fit(1, 1e-3));
        var head = Time(() => learn.Fit(1, 1e-3));
        var featuresMb = learn.Caches[0].Bytes / 1e6;
        learn.FreezeTo("layer4");
        var layer3 = Time(() => learn.Fit(1, 1e-4));
        var layer4 = Time(() => learn.Fit(1, 1e-4));
        var layer3Mb = learn.Caches.Where(c => ReferenceEquals(c.Source, loader)).Single().Bytes / 1e6;
        return new GrowthPoint(n, size, features - head, featuresMb, head, layer3 - layer4, layer3Mb, layer4);
    }

    static double Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
    }
}
