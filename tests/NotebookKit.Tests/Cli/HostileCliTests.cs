using System.CommandLine;
using NotebookKit.Cli;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using Spectre.Console;

namespace NotebookKit.Tests.Cli;

/// <summary>Bad arguments and hostile folders through the real command line: one line, exit code 2, nothing half-done.</summary>
[Collection("console")]
public class HostileCliTests
{
    static (int Exit, string Output) Run(params string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), LrFindCommand.Create(), GridCommand.Create(), DatasetsCommand.Create() };
        ArgumentRules.Apply(root);
        return CapturedConsole.Run(() => CliHost.Run(root, args));
    }

    [Theory]
    [InlineData("--batch-size 0", "--batch-size 0 must be a positive")]
    [InlineData("--batch-size -3", "--batch-size -3")]
    [InlineData("--epochs 0", "--epochs 0")]
    [InlineData("--epochs -1", "--epochs -1")]
    [InlineData("--epochs abc", "abc")]
    [InlineData("--lr 0", "--lr 0 must be a positive, finite")]
    [InlineData("--lr NaN", "--lr NaN")]
    [InlineData("--lr -0.1", "--lr -0.1")]
    [InlineData("--warmup -2", "--warmup -2")]
    [InlineData("--patience -1", "--patience -1")]
    [InlineData("--lr-spread 0", "--lr-spread 0 must be at least 1")]
    [InlineData("--schedule step:0", "'0' must be a positive number")]
    [InlineData("--schedule warp", "Unknown schedule 'warp'")]
    [InlineData("--image-size 100000", "--image-size 100000 must be between")]
    [InlineData("--device tpu", "use auto, cpu, cuda or cuda:N")]
    [InlineData("--freeze sideways", "Freeze strategy 'sideways'")]
    [InlineData("--model nope", "Unknown model 'nope'")]
    [InlineData("--bogus 1", "--bogus")]
    public void EveryBadTrainArgumentIsOneLineAndExitCodeTwoBeforeAnyWork(string bad, string expected)
    {
        using var dir = new TempFolder();
        // The data folder does not exist: had validation let the value through, the error would name the folder instead.
        var (exit, output) = Run(["train", "--data", dir.Combine("missing"), "--out", dir.Combine("run"), .. bad.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.Single(output.Trim().Split('\n'));
        Assert.StartsWith("error:", output);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("does not exist", output);
        Assert.DoesNotContain("Usage", output);
    }

    [Theory]
    [InlineData("lr-find", "--batch-size 0")]
    [InlineData("lr-find", "--steps 0")]
    [InlineData("lr-find", "--end-lr NaN")]
    [InlineData("grid", "--lr 1e-3,0")]
    [InlineData("grid", "--lr 1e-3,,1e-2")]
    [InlineData("grid", "--schedule one-cycle,step:0")]
    [InlineData("grid", "--strategies backbone,sideways")]
    [InlineData("grid", "--epochs 0")]
    public void LrFindAndGridValidateTheirArgumentsToo(string command, string bad)
    {
        using var dir = new TempFolder();
        var (exit, output) = Run([command, "--data", dir.Combine("missing"), .. bad.Split(' ')]);
        Assert.Equal(2, exit);
        Assert.Single(output.Trim().Split('\n'));
        Assert.DoesNotContain("does not exist", output);
    }

    [Fact]
    public void OutputLocationsAreCheckedBeforeTraining()
    {
        using var dir = new TempFolder();
        var data = dir.Combine("data");
        Directory.CreateDirectory(data);
        var file = dir.File("afile", [1]);
        (string[] Args, string Expected)[] cases =
        [
            (["--out", file], "is a file; it needs a folder"),
            (["--out", Path.Combine(file, "run")], "is a file, not a folder"),
            (["--out", Path.Combine(data, "run")], "inside the data folder"),
            (["--out", "/proc/1/run"], "is not writable"),
            (["--out", dir.Combine("run"), "--checkpoint", dir.Root], "is a folder; it needs a file name"),
            (["--out", dir.Combine("run"), "--checkpoint", Path.Combine(data, "c.ckpt")], "inside the data folder"),
            (["--out", dir.Combine("run"), "--resume", dir.Root], "is a folder, not a checkpoint file"),
            (["--out", dir.Combine("run"), "--resume", dir.Combine("none.ckpt")], "does not exist"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (exit, output) = Run(["train", "--data", data, .. args]);
            Assert.True(exit == 2 && output.Contains(expected), $"{string.Join(' ', args)} → {exit}: {output}");
            Assert.Single(output.Trim().Split('\n'));
        }
        var (e, o) = Run(["evaluate", "--model", dir.Root, "--data", data, "--json", dir.Root]);
        Assert.True(e == 2 && o.Contains("needs a file name"), o);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public void HostileFolderTrainsWithSkipBadFilesNamingEveryFileAndStopsBeforeTrainingWithout()
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, 10))
            File.Copy(SharedData.Photo(split: "train", cls: cls, index: i), dir.File(Path.Combine("data", cls, $"{cls}{i}.jpg")));
        var bad = new Dictionary<string, string>
        {
            ["nodata.gif"] = "No data", ["cmyk.tif"] = "Separated", ["negative.bmp"] = "2147483647", ["huge.gif"] = "decompression bomb",
            ["pipe.jpg"] = "not a regular file", ["notes.jpg"] = "not a recognised image format", ["evil\\x1B[2J.png"] = "not a recognised",
        };
        dir.File("data/cat/nodata.gif", HostileFiles.NoDataGif());
        dir.File("data/cat/cmyk.tif", HostileFiles.CmykTiff());
        dir.File("data/dog/negative.bmp", HostileFiles.NegativeHeightBmp());
        dir.File("data/dog/huge.gif", HostileFiles.HugeTinyGif());
        dir.File("data/dog/bomb.png", HostileFiles.TextBombPng(64L << 20, international: false)); // valid once its text is ignored
        HostileFiles.MakeFifo(dir.Combine("data", "cat", "pipe.jpg"));
        File.WriteAllText(dir.File("data/cat/notes.jpg"), "not a photo");
        File.WriteAllText(dir.File("data/dog/evil\u001b[2J.png"), "\u001b]0;owned\u0007");
        string[] train = ["train", "--data", dir.Combine("data"), "--epochs", "1", "--image-size", "64", "--batch-size", "4"];

        var (exit, output) = Run([.. train, "--out", dir.Combine("strict")]);
        Assert.Equal(2, exit);
        Assert.Contains("cmyk.tif", output);
        Assert.Contains("--skip-bad-files", output);
        Assert.DoesNotContain("BadFilePolicy", output);
        Assert.DoesNotContain("epoch", output);
        Assert.False(Directory.Exists(dir.Combine("strict")));

        (exit, output) = Run([.. train, "--out", dir.Combine("run"), "--skip-bad-files"]);
        Assert.True(exit == 0, output);
        foreach (var (name, reason) in bad)
            Assert.Contains(output.Split('\n'), l => l.StartsWith("skipped ") && l.Contains(name) && l.Contains(reason));
        Assert.DoesNotContain('\u001b', output);
        var skippedCsv = File.ReadAllText(Path.Combine(dir.Combine("run"), "skipped.csv"));
        Assert.All(bad.Keys.Where(k => !k.StartsWith("evil")), name => Assert.Contains(name, skippedCsv));
        Assert.Equal(["cat", "dog"], SavedModel.ReadInfo(dir.Combine("run")).Classes);

        // predict follows the same policy.
        (exit, output) = Run(["predict", "--model", dir.Combine("run"), dir.Combine("data", "cat", "cat0.jpg"), dir.Combine("data", "cat", "nodata.gif")]);
        Assert.Equal(2, exit);
        Assert.Contains("nodata.gif", output);
        (exit, output) = Run(["predict", "--model", dir.Combine("run"), "--skip-bad-files", dir.Combine("data", "cat", "cat0.jpg"), dir.Combine("data", "cat", "nodata.gif")]);
        Assert.True(exit == 0, output);
        Assert.Contains("skipped", output);
        Assert.Contains("cat0.jpg", output);
    }

    [Fact]
    public void AnUnexpectedExceptionIsOneLineAndALog()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { Assert.Equal(CliHost.InternalError, CliHost.LastResort(new InvalidOperationException("boom\nsecond line"), ["train"])); }
        finally { Console.SetError(previous); }
        var lines = error.ToString().Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("unexpected InvalidOperationException: boom second line", lines[0]);
        var log = lines[1].Split(' ')[1];
        Assert.Contains("System.InvalidOperationException", File.ReadAllText(log));
        File.Delete(log);
    }

    [Fact]
    public void ControlCharactersNeverReachTheTerminal()
    {
        Assert.Equal("a\\x1B[2Jb\\x07\\u202Ec", Terminal.Safe("a\u001b[2Jb\u0007\u202ec"));
        Assert.Equal("line1\nline2\\x0D", Terminal.Safe("line1\nline2\r", keepNewlines: true));
        Assert.Equal("plain été 猫", Terminal.Safe("plain été 猫"));
    }
}
