using System.Diagnostics;
using System.Text.Json;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;

namespace NotebookKit.Benchmarks;

/// <summary>One generated folder of the cost table: <paramref name="Images"/> training photos (plus a small val/), web or phone size.</summary>
/// <paramref name="OpenOnly"/> measures the two opens only (a folder too large to extract features from in the time at hand).
public sealed record FolderCase(int Images, bool Phone, bool OpenOnly = false)
{
    public string Name => $"{Images}-{(Phone ? "phone" : "web")}{(OpenOnly ? "-open" : "")}";

    /// <summary>Cases from a list such as <c>1000,5000,20000open,500phone</c>: a count, then <c>phone</c> for phone-size photos and/or <c>open</c> for the opens only.</summary>
    public static FolderCase[] ParseList(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
        {
            var m = System.Text.RegularExpressions.Regex.Match(item, "^([0-9]+)(phone)?(open)?$");
            if (!m.Success || !int.TryParse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 4)
                throw new ArgumentException($"'{item}' is not a folder size: write a count of at least 4, then 'phone' and/or 'open' if wanted (e.g. 1000,500phone,20000open).");
            return new FolderCase(n, m.Groups[2].Success, m.Groups[3].Success);
        })];
    /// <summary>A small validation split: a tenth of the training photos, 4 to 200.</summary>
    public int ValImages => Math.Clamp(Images / 10, 4, 200);
}

/// <summary>
/// What a folder costs through the kit's own engine, each figure from a process of its own with an empty kit cache.
/// </summary>
/// <param name="FirstOpenSeconds">ImageFolder.Open with nothing remembered: every file checked.</param>
/// <param name="SecondOpenSeconds">ImageFolder.Open again in a new process: the checks remembered.</param>
/// <param name="SecondOpenDecoded">Files the second open decoded: 0 when every check was remembered.</param>
/// <param name="FeaturePassSeconds">(Null for an open-only case, like the next two.) The frozen backbone's features of every train and val photo (decode included), stored on disk.</param>
/// <param name="HeadEpochSeconds">One head-only epoch on those cached features.</param>
/// <param name="CacheMb">The kit's cache on disk afterwards: file checks and activations.</param>
/// <param name="PeakRssMb">The larger peak resident memory (VmHWM) of the two processes.</param>
public sealed record FolderCost(string Name, int Images, int ValImages, bool Phone, double FirstOpenSeconds, double SecondOpenSeconds, int SecondOpenDecoded,
    double? FeaturePassSeconds, double? HeadEpochSeconds, double? CacheMb, double PeakRssMb);

/// <summary>What one child process measured (<see cref="FolderBench.Phase"/>).</summary>
public sealed record FolderPhaseResult(double OpenSeconds, int Decoded, double FeaturePassSeconds, double HeadEpochSeconds, double CacheMb, double PeakRssMb);

/// <summary>
/// Cost against size: generated folders (<see cref="FolderPhotos"/>, in the bench's own temp folder, deleted after),
/// each measured by two child processes with an empty kit cache of their own — the first open; then the second open,
/// the frozen feature pass of <c>train --freeze backbone</c> with its real disk store, a head epoch and the cache's size.
/// Generating the photos is part of no figure.
/// </summary>
public static class FolderBench
{
    public const string OpenPhase = "open", ReusePhase = "reuse";
    const int BatchSize = 64; // train's default

    /// <param name="kitProcess">This bench as a child process running <see cref="Phase"/> with the given arguments.</param>
    public static IReadOnlyList<FolderCost> Run(IReadOnlyList<FolderCase> cases, IReadOnlyList<ImageSample> sources, IReadOnlyList<string> classes,
        Func<string[], ProcessStartInfo> kitProcess, int seed, IProgress<string>? log = null)
    {
        var dir = Directory.CreateTempSubdirectory("notebookkit-folders-");
        try
        {
            var costs = new List<FolderCost>();
            foreach (var c in cases)
            {
                var data = Path.Combine(dir.FullName, c.Name);
                log?.Report($"{c.Name}: generating {c.Images} + {c.ValImages} photos");
                FolderPhotos.Write(sources, classes, c.Images, c.ValImages, c.Phone, data, seed);
                var cache = EmptyCache(Path.Combine(dir.FullName, c.Name + "-cache"));
                FolderPhaseResult Child(string phase)
                {
                    var outPath = Path.Combine(dir.FullName, $"{c.Name}-{phase}.json");
                    var start = kitProcess(["--folder-phase", phase, "--folder-data", data, "--phase-out", outPath]);
                    start.Environment["NOTEBOOKKIT_CACHE"] = cache;
                    ChildPhase.Run($"{c.Name} {phase}", start, outPath, log);
                    return JsonSerializer.Deserialize<FolderPhaseResult>(File.ReadAllText(outPath), BenchJson.Options)!;
                }
                var first = Child(OpenPhase);
                var reuse = Child(c.OpenOnly ? OpenPhase : ReusePhase);
                costs.Add(new FolderCost(c.Name, c.Images, c.ValImages, c.Phone, first.OpenSeconds, reuse.OpenSeconds, reuse.Decoded,
                    c.OpenOnly ? null : reuse.FeaturePassSeconds, c.OpenOnly ? null : reuse.HeadEpochSeconds, c.OpenOnly ? null : reuse.CacheMb,
                    Math.Max(first.PeakRssMb, reuse.PeakRssMb)));
                log?.Report($"{c.Name}: {costs[^1]}");
                Directory.Delete(data, recursive: true);
                Directory.Delete(cache, recursive: true); // the links inside are removed, not what they point to
            }
            return costs;
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>A kit cache without checks or activations; the machine's weights and patched native libraries are linked in, so nothing is downloaded or counted.</summary>
    static string EmptyCache(string cache)
    {
        Directory.CreateDirectory(cache);
        foreach (var shared in new[] { KitPaths.WeightsCache, KitPaths.NativesCache }.Where(Directory.Exists))
            Directory.CreateSymbolicLink(Path.Combine(cache, Path.GetFileName(shared)), shared);
        return cache;
    }

    /// <summary>One child's measurements of the folder <paramref name="data"/> (see <see cref="Run"/>), under the kit cache its environment names.</summary>
    public static FolderPhaseResult Phase(string phase, string data, int seed, IProgress<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var folder = ImageFolder.Open(data, seed: seed);
        var open = clock.Elapsed.TotalSeconds;
        log?.Report($"open {open:F2} s ({folder.Checks})");
        if (phase == OpenPhase) return new FolderPhaseResult(open, folder.Checks.Decoded, 0, 0, 0, ProcessProbe.PeakRssMegabytes());
        if (phase != ReusePhase) throw new ArgumentException($"Unknown folder phase '{phase}': {OpenPhase} or {ReusePhase}.", nameof(phase));
        using var model = Pretrained.Classifier(Pretrained.DefaultId, folder.Classes, seed: seed);
        WarmUp(model, folder.Train, seed);
        using var learn = Learner.FromFolder(model, folder, batchSize: BatchSize, options: new LearnerOptions { Seed = seed });
        learn.Freeze();
        // The first epoch computes and stores every feature, then trains; the second only trains: the difference is the pass.
        clock.Restart();
        learn.Fit(1, 1e-3);
        var firstEpoch = clock.Elapsed.TotalSeconds;
        clock.Restart();
        learn.Fit(1, 1e-3);
        var epoch = clock.Elapsed.TotalSeconds;
        log?.Report($"feature pass {firstEpoch - epoch:F1} s, head epoch {epoch:F2} s");
        var cacheBytes = new[] { KitPaths.FileChecksCache, KitPaths.ActivationsCache }.Where(Directory.Exists)
            .Sum(d => new DirectoryInfo(d).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));
        return new FolderPhaseResult(open, folder.Checks.Decoded, firstEpoch - epoch, epoch, cacheBytes / 1e6, ProcessProbe.PeakRssMegabytes());
    }

    /// <summary>JIT, weights and oneDNN primitives paid once on a few photos, in memory only, so the feature pass is the folder's cost alone.</summary>
    static void WarmUp(ImageClassifier model, ImageDataset train, int seed)
    {
        var few = new ImageDataset("warm-up", train.Classes, [.. train.Samples.Take(16)]);
        var loader = new DataLoader(few, ImagePipeline.ForEval(model.Preprocess), BatchSize);
        using var warm = new Learner(model, loader, loader, options: new LearnerOptions { Seed = seed, CacheDirectory = null });
        warm.Freeze();
        warm.Fit(1, 1e-3);
    }
}
