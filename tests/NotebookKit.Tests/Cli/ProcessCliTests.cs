using System.Diagnostics;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Cli;

/// <summary>The real program in a child process: which stream each line goes to (Ctrl+C: <see cref="CancelCliTests"/>).</summary>
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
}
