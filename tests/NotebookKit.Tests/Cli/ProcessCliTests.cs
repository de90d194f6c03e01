using System.Diagnostics;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Cli;

/// <summary>The real program in a child process: which stream each line goes to, and Ctrl+C (SIGINT) at a few moments.</summary>
[Collection("console")]
public class ProcessCliTests
{
    static readonly TimeSpan Run = TimeSpan.FromMinutes(3);

    [LinuxFact]
    public void ErrorsGoToStderrAndEveryImageIsOneTsvRecord()
    {
        using var dir = new TempFolder();
        var (run, _) = OutputSafetyCliTests.RunAndData(dir);
        var tsv = dir.Combine("p.tsv");
        using (var missing = new CliProcess(["predict", "--model", run, "--format", "tsv", dir.Combine("missing.jpg")], stdoutFile: tsv))
        {
            var (exit, _, err) = missing.Wait(Run);
            Assert.Equal(2, exit);
            Assert.Contains("missing.jpg", err);
            Assert.Equal("", File.ReadAllText(tsv));
        }
        var odd = dir.File("odd\tname\nwith lines\\.jpg", File.ReadAllBytes(SharedData.Photo(index: 1)));
        var plain = dir.File("plain.jpg", File.ReadAllBytes(SharedData.Photo(index: 2)));
        using (var predict = new CliProcess(["predict", "--model", run, "--format", "tsv", odd, plain]))
        {
            var (exit, output, err) = predict.Wait(Run);
            Assert.True(exit == 0, err);
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
            Assert.Equal(dir.Combine(@"odd\tname\nwith lines\\.jpg"), lines[0].Split('\t')[0]);
            Assert.Equal(plain, lines[1].Split('\t')[0]);
        }
        using (var full = new CliProcess(["predict", "--model", run, "--format", "tsv", plain], stdoutFile: "/dev/full"))
        {
            var (exit, _, err) = full.Wait(Run);
            Assert.Equal(2, exit);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains("standard output", err);
        }
    }

    [LinuxTheory]
    [InlineData(2.0)] // loading: checking files, converting the weights
    [InlineData(6.0)] // the feature pass or training
    public void CtrlCEndsTrainingWithinASecondLeavingNothingBehind(double afterSeconds)
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, 12))
            File.Copy(SharedData.Photo(split: "train", cls: cls, index: i), dir.File(Path.Combine("data", cls, $"{cls}{i}.jpg")));
        var cache = dir.Combine("cache");
        using var train = new CliProcess(["train", "--data", dir.Combine("data"), "--out", dir.Combine("run"), "--epochs", "20", "--image-size", "64",
            "--checkpoint", dir.Combine("run.ckpt")], configure: info => info.Environment["NOTEBOOKKIT_CACHE"] = cache);
        Thread.Sleep(TimeSpan.FromSeconds(afterSeconds));
        Assert.False(train.HasExited, "the run ended before the interrupt: give it more work");
        var clock = Stopwatch.StartNew();
        train.Interrupt();
        var (exit, _, err) = train.Wait(Run);
        clock.Stop();
        Assert.True(exit == 130, $"exit {exit}: {err}");
        // 1 s is the promise; the slack is for a machine loaded by other test runs, not for a slower mechanism.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:F1} s: {err}");
        Assert.False(Directory.Exists(dir.Combine("run")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Root, "*", SearchOption.AllDirectories),
            p => p.EndsWith(".tmp", StringComparison.Ordinal) || p.Contains(".partial-", StringComparison.Ordinal));
    }
}
