using System.CommandLine;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using Spectre.Console;

namespace NotebookKit.Tests.Cli;

[Collection("console")]
public class TrainEngineCliTests
{
    [Fact]
    public void TrainWithAPartlyFrozenBackboneAugmentationAndTtaGoesThroughTheLearnerAndSavesAUsableRun()
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, 10)) // class folders, split 80/10/10: 8 train, 1 val, 1 test per class
            File.Copy(SharedData.Photo(split: "train", cls: cls, index: i), dir.File(Path.Combine("data", cls, $"{cls}{i}.jpg")));
        var run = dir.Combine("run");
        var (exit, output) = CapturedConsole.Run(() => new RootCommand { TrainCommand.Create() }.Parse(["train", "--data", dir.Combine("data"), "--out", run,
            "--freeze", "from:layer4", "--augment", "standard", "--epochs", "1", "--image-size", "64", "--batch-size", "4", "--schedule", "cosine", "--tta"]).Invoke());

        Assert.True(exit == 0, output);
        var info = SavedModel.ReadInfo(run);
        Assert.StartsWith("images, full forward", info.Options["training_inputs"]); // augmentation: nothing to cache
        Assert.Equal("from:layer4", info.Options["freeze"]);
        Assert.Equal(64, info.Preprocess.InputSize);
        Assert.Equal("flip", info.Options["tta"]);
        Assert.True(File.Exists(Path.Combine(run, "metrics.json")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "history.csv")).Length); // header + one epoch
        Assert.Contains("layer4", output); // the inspector table printed before the fit
    }
}
