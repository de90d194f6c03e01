using System.CommandLine;
using NotebookKit.Cli;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using Spectre.Console;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// Outputs aimed at what the user made (a run's files, a photo, a checkpoint, a FIFO, a full disk) through the real
/// command line: one line, a non-zero exit, and every byte of the user's files as it was, with no temporary file left.
/// </summary>
[Collection("console")]
public class OutputSafetyCliTests
{
    internal static (int Exit, string Output) Run(params string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), ExportCommand.Create(), LrFindCommand.Create() };
        ArgumentRules.Apply(root);
        return CapturedConsole.Run(() => CliHost.Run(root, args));
    }

    /// <summary>A saved run (random head, no training) and a small labelled folder of real photos.</summary>
    internal static (string Run, string Data) RunAndData(TempFolder dir, string dataName = "data")
    {
        using (var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], HeadSpec.ArticleBinary, seed: 4))
            SavedModel.Save(model, dir.Combine("run"));
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, 2))
            File.Copy(SharedData.Photo(cls: cls, index: i), dir.File(Path.Combine(dataName, cls, $"{cls}{i}.jpg")));
        return (dir.Combine("run"), dir.Combine(dataName));
    }

    /// <summary>Every regular file under <paramref name="root"/> with its bytes (a FIFO would block a read).</summary>
    static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(OutputLocationIsRegular).ToDictionary(f => f, File.ReadAllBytes);

    static bool OutputLocationIsRegular(string f) => NotebookKit.Platform.OutputLocation.IsRegular(f);

    [Fact]
    public void NoOutputOptionCanReplaceARunFileAPhotoACheckpointOrAFifo()
    {
        using var dir = new TempFolder();
        var (run, data) = RunAndData(dir);
        var photo = dir.File("elsewhere/holiday.jpg", File.ReadAllBytes(SharedData.Photo(index: 3)));
        var checkpoint = dir.File("old.ckpt", [.. "NKCKPT1\n"u8, 1, 2, 3]);
        var fifo = dir.Combine("pipe.onnx");
        HostileFiles.MakeFifo(fifo);
        Directory.CreateDirectory(dir.Combine("folder.onnx"));
        var before = Snapshot(dir.Root);
        (string[] Args, string Expected)[] cases =
        [
            (["evaluate", "--model", run, "--data", data, "--json", Path.Combine(run, "model.json")], "file of the saved run"),
            (["evaluate", "--model", run, "--data", data, "--json", Path.Combine(run, "metrics.json"), "--overwrite"], "file of the saved run"),
            (["export", "--model", run, "--onnx", Path.Combine(run, "model.dat"), "--overwrite"], "file of the saved run"),
            (["export", "--model", run, "--onnx", Path.Combine(data, "cat", "cat0.jpg")], "already exists"),
            (["export", "--model", run, "--onnx", photo], "pass --overwrite"),
            (["export", "--model", run, "--onnx", photo, "--overwrite"], "is a photo (JPEG)"),
            (["evaluate", "--model", run, "--data", data, "--json", photo, "--overwrite"], "never replaces a photo"),
            (["export", "--model", run, "--onnx", checkpoint, "--overwrite"], "training checkpoint"),
            (["export", "--model", run, "--onnx", fifo, "--overwrite"], "not a regular file"),
            (["export", "--model", run, "--onnx", "/dev/null", "--overwrite"], "not a regular file"),
            (["export", "--model", run, "--onnx", dir.Combine("folder.onnx")], "is a folder"),
            (["evaluate", "--model", run, "--data", data, "--json", Path.Combine(data, "report.json")], "inside the data folder"),
            (["evaluate", "--model", run, "--data", data, "--json", photo], "already exists"),
            (["train", "--data", data, "--out", dir.Combine("new"), "--checkpoint", photo], "already exists"),
            (["train", "--data", data, "--out", dir.Combine("new"), "--checkpoint", Path.Combine(run, "model.dat"), "--overwrite"], "file of the saved run"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (exit, output) = Run(args);
            Assert.True(exit == 2 && output.Contains(expected), $"{string.Join(' ', args)} → {exit}: {output}");
            Assert.Single(output.Trim().Split('\n'));
        }
        Assert.Equal(before.Keys.Order(), Snapshot(dir.Root).Keys.Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.True(File.Exists(fifo) && !OutputLocationIsRegular(fifo), "the FIFO is still a FIFO");
        Assert.False(Directory.Exists(dir.Combine("new")));
    }

    [Fact]
    public void OverwriteReplacesAnOrdinaryFileAndResumeMayKeepItsCheckpoint()
    {
        using var dir = new TempFolder();
        var (run, _) = RunAndData(dir);
        var old = dir.File("model.onnx", [1, 2, 3]);
        var (exit, output) = Run("export", "--model", run, "--onnx", old, "--overwrite");
        Assert.True(exit == 0, output);
        Assert.True(new FileInfo(old).Length > 1000);
        Assert.Equal([old], Directory.GetFiles(dir.Root));
        NotebookKit.Platform.OutputLocation.CheckFile(dir.File("c.ckpt", [.. "NKCKPT1\n"u8]), "--checkpoint", replaceable: dir.Combine("c.ckpt"));
    }

    [Fact]
    public void AFolderNamedLikeMarkupIsText()
    {
        using var dir = new TempFolder();
        var (run, data) = RunAndData(dir, "photos [2024] [red]x[/]");
        var (exit, output) = Run("evaluate", "--model", run, "--data", data);
        Assert.True(exit == 0, output);
        Assert.Contains("accuracy", output, StringComparison.OrdinalIgnoreCase);
    }

    [RootFact]
    public void AFullDiskLeavesNoTemporaryOrEmptyFile()
    {
        using var dir = new TempFolder();
        var (run, data) = RunAndData(dir);
        using var disk = new Tmpfs("2m");
        var (exit, output) = Run("export", "--model", run, "--onnx", disk.Combine("model.onnx"));
        Assert.True(exit == 2 && output.Contains("No space left", StringComparison.OrdinalIgnoreCase), output);
        Assert.Single(output.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Root));

        disk.Fill();
        (exit, output) = Run("evaluate", "--model", run, "--data", data, "--json", disk.Combine("report.json"));
        Assert.True(exit != 0, output);
        Assert.Equal([disk.Combine("filler")], Directory.GetFileSystemEntries(disk.Root));
    }
}
