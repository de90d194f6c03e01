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
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        var previousError = Console.Error;
        Console.SetError(writer); // errors and warnings go to stderr: read them in the same order as the output
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        int exit;
        try
        {
            exit = new RootCommand { TrainCommand.Create() }.Parse(["train", "--data", dir.Combine("data"), "--out", run, "--freeze", "from:layer4",
                "--augment", "standard", "--epochs", "1", "--image-size", "64", "--batch-size", "4", "--schedule", "cosine", "--tta"]).Invoke();
        }
        finally { AnsiConsole.Console = previous; Console.SetError(previousError); }

        Assert.True(exit == 0, writer.ToString());
        var info = SavedModel.ReadInfo(run);
        Assert.StartsWith("images, full forward", info.Options["training_inputs"]); // augmentation: nothing to cache
        Assert.Equal("from:layer4", info.Options["freeze"]);
        Assert.Equal(64, info.Preprocess.InputSize);
        Assert.Equal("flip", info.Options["tta"]);
        Assert.True(File.Exists(Path.Combine(run, "metrics.json")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "history.csv")).Length); // header + one epoch
        Assert.Contains("layer4", writer.ToString()); // the inspector table printed before the fit
    }
}
