using System.Diagnostics;
using SixLabors.ImageSharp;
using NotebookKit.Tests.Support;
using Xunit.Abstractions;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// A small corpus of the misuses the reliability issue's acceptance runs, in an order and with targets drawn from a
/// seeded generator, against the real program: outputs aimed at the model's own files and at photos, damaged cache
/// files, a photo replaced in place, an interrupt at a random moment, a full disk. After each: no photo or model file
/// changed, no temporary file left, and the run either gave the clean run's model or stopped with one line naming a file.
/// </summary>
[Collection("console")]
public class MisuseCorpusTests(ITestOutputHelper log)
{
    static readonly TimeSpan Run = TimeSpan.FromMinutes(4);

    sealed record Outcome(int Exit, string Out, string Err, TimeSpan Took);

    static Outcome Cli(string cache, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var p = new CliProcess(args, configure: info => info.Environment["NOTEBOOKKIT_CACHE"] = cache);
        var (exit, output, err) = p.Wait(Run);
        return new Outcome(exit, output, err, clock.Elapsed);
    }

    static string ModelHash(string run) => CancelCliTests.Hashes(run)[Path.Combine(run, "model.dat")];

    static void AssertOneLineNaming(Outcome o, string file, string what)
    {
        Assert.True(o.Exit == 2, $"{what}: exit {o.Exit}: {o.Err}");
        var error = Assert.Single(o.Err.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.True(error.Contains(file, StringComparison.Ordinal), $"{what}: the error names no '{file}': {error}");
    }

    [LinuxFact]
    public void RandomMisusesNeverChangeAPhotoOrAModelAndLeaveNothingBehind()
    {
        using var dir = new TempFolder();
        var rng = new Random(28);
        foreach (var cls in new[] { "cat", "dog" })
            foreach (var i in Enumerable.Range(0, 10))
                dir.Image($"data/{cls}/{cls}{i}.png", 96, 80, seed: cls.Length * 1000 + i);
        var (data, cache, clean) = (dir.Combine("data"), dir.Combine("cache"), dir.Combine("clean"));
        string[] Train(string outDir) => ["train", "--data", data, "--out", outDir, "--epochs", "2", "--image-size", "64"];
        var first = Cli(cache, Train(clean));
        Assert.True(first.Exit == 0, first.Err);
        var model = ModelHash(clean);
        var kept = CancelCliTests.Hashes(data).Concat(CancelCliTests.Hashes(clean)).ToDictionary();
        var runs = 0;
        string NewRun() => dir.Combine($"run{++runs}");

        var cases = new (string Name, Action Misuse)[]
        {
            ("outputs aimed at the model's files and at photos", () =>
            {
                var photo = Path.Combine(data, rng.Next(2) == 0 ? "cat" : "dog", $"{(rng.Next(2) == 0 ? "cat" : "dog")}{rng.Next(10)}.png");
                var (target, args) = rng.Next(4) switch
                {
                    0 => (Path.Combine(clean, "model.json"), new[] { "evaluate", "--model", clean, "--data", data, "--json", Path.Combine(clean, "model.json") }),
                    1 => (Path.Combine(clean, "model.dat"), new[] { "export", "--model", clean, "--onnx", Path.Combine(clean, "model.dat"), "--overwrite" }),
                    2 => (Path.Combine(clean, "history.csv"), new[] { "export", "--model", clean, "--onnx", Path.Combine(clean, "history.csv"), "--overwrite" }),
                    _ => (photo, new[] { "export", "--model", clean, "--onnx", photo, "--overwrite" }),
                };
                AssertOneLineNaming(Cli(cache, args), target, string.Join(' ', args));
            }),
            ("a damaged cache file", () =>
            {
                var shards = Directory.GetFiles(Path.Combine(cache, "activations"), "*.bin", SearchOption.AllDirectories).Order().ToArray();
                var shard = shards[rng.Next(shards.Length)];
                var bytes = File.ReadAllBytes(shard);
                if (rng.Next(2) == 0) bytes = bytes[..rng.Next(bytes.Length)];
                else bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                File.WriteAllBytes(shard, bytes);
                var run = NewRun();
                var o = Cli(cache, Train(run));
                Assert.True(o.Exit == 0, o.Err);
                Assert.Contains(shard, o.Err);
                Assert.Equal(model, ModelHash(run));
            }),
            ("a photo replaced in place with its old size and time", () =>
            {
                // Uncompressed BMPs of one size have one length: only the content fingerprint can tell them apart.
                var photo = dir.Image("loose/photo.bmp", 96, 80, seed: rng.Next());
                var time = File.GetLastWriteTimeUtc(photo);
                var before = Cli(cache, "predict", "--model", clean, "--format", "tsv", photo);
                using (var other = TempFolder.Noise(96, 80, rng.Next())) other.SaveAsBmp(photo);
                File.SetLastWriteTimeUtc(photo, time);
                var after = Cli(cache, "predict", "--model", clean, "--format", "tsv", photo);
                var fresh = Cli(dir.Combine("fresh-cache"), "predict", "--model", clean, "--format", "tsv", photo);
                Assert.True(before.Exit == 0 && after.Exit == 0 && fresh.Exit == 0, before.Err + after.Err + fresh.Err);
                Assert.NotEqual(before.Out, after.Out);
                Assert.Equal(fresh.Out, after.Out);
            }),
            ("an interrupt at a random moment", () =>
            {
                var run = NewRun();
                using var p = new CliProcess(Train(run), configure: info => info.Environment["NOTEBOOKKIT_CACHE"] = cache);
                Thread.Sleep(first.Took * rng.NextDouble());
                if (!p.HasExited) p.Interrupt();
                var (exit, _, err) = p.Wait(Run);
                Assert.True(exit is 130 or 0, $"exit {exit}: {err}");
                if (exit == 130) Assert.False(Directory.Exists(run));
                else Assert.Equal(model, ModelHash(run));
                var again = NewRun();
                var o = Cli(cache, Train(again));
                Assert.True(o.Exit == 0, o.Err);
                Assert.Equal(model, ModelHash(again));
            }),
        };
        foreach (var (name, misuse) in cases.OrderBy(_ => rng.Next()))
        {
            log.WriteLine(name);
            misuse();
            foreach (var (file, hash) in kept)
                Assert.True(CancelCliTests.Hashes(Path.GetDirectoryName(file)!).GetValueOrDefault(file) == hash, $"after {name}: '{file}' changed or vanished");
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Root, "*", SearchOption.AllDirectories),
                p => p.EndsWith(".tmp", StringComparison.Ordinal) || p.Contains(".partial", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The kit's cache and a run's output on a full 2 MB file system (a full USB stick): the cache is only an optimisation
    /// (a warning, and the same predictions), the output stops with one line naming where; nothing is left on the disk.
    /// </summary>
    [RootFact]
    public void AFullDiskIsAWarningForTheCacheAndOneLineForAnOutput()
    {
        using var dir = new TempFolder();
        var (run, data) = OutputSafetyCliTests.RunAndData(dir);
        var photo = Path.Combine(data, "dog", "dog1.jpg");
        var usual = Cli(dir.Combine("cache"), "predict", "--model", run, "--format", "tsv", photo);
        Assert.True(usual.Exit == 0, usual.Err);
        using var disk = new Tmpfs("2m");
        disk.Fill();
        var full = Cli(disk.Combine("cache"), "predict", "--model", run, "--format", "tsv", photo);
        Assert.True(full.Exit == 0, full.Err);
        Assert.Equal(usual.Out, full.Out);
        Assert.Contains("warning:", full.Err);
        foreach (var cls in new[] { "cat", "dog" })
            foreach (var i in Enumerable.Range(0, 10))
                dir.Image($"more/{cls}/{cls}{i}.png", 96, 80, seed: cls.Length * 1000 + i);
        var output = disk.Combine("run");
        AssertOneLineNaming(Cli(dir.Combine("cache"), "train", "--data", dir.Combine("more"), "--out", output, "--epochs", "1", "--image-size", "64"), output, "train onto a full disk");
        Assert.Equal([disk.Combine("filler")], Directory.GetFiles(disk.Root, "*", SearchOption.AllDirectories));
    }
}
