using System.CommandLine;
using NotebookKit.Cli.Commands;
using NotebookKit.Tests.Support;
using Spectre.Console;

namespace NotebookKit.Tests.Cli;

[Collection("console")] // the commands write through the shared AnsiConsole
public class CliTests
{
    internal static (int Exit, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), ExportCommand.Create() };
        return CapturedConsole.Run(() => root.Parse(args).Invoke());
    }

    [Fact]
    public void TrainOnAMissingFolderNamesItAndLeavesNoRun()
    {
        using var dir = new TempFolder();
        var missing = dir.Combine("nowhere");
        var (exit, output) = Invoke("train", "--data", missing, "--out", dir.Combine("run"));
        Assert.Equal(2, exit);
        Assert.Contains(missing, output.Replace("\n", ""));
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public void TrainOnAFolderWithoutClassFoldersSaysHowToLayItOut()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.Combine("data"));
        File.WriteAllText(dir.Combine("data", "readme.txt"), "no images here");
        var (exit, output) = Invoke("train", "--data", dir.Combine("data"), "--out", dir.Combine("run"));
        Assert.Equal(2, exit);
        Assert.Contains("no class folders", output);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public void TrainStopsOnAnUnreadableImageNamingTheFile()
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
        {
            Directory.CreateDirectory(dir.Combine("data", cls));
            File.Copy(SharedData.Photo(cls: cls), dir.Combine("data", cls, "ok.jpg"));
        }
        File.WriteAllText(dir.Combine("data", "dog", "broken.jpg"), "this is text, not a JPEG");
        var (exit, output) = Invoke("train", "--data", dir.Combine("data"), "--out", dir.Combine("run"));
        Assert.Equal(2, exit);
        Assert.Contains("broken.jpg", output);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }

    [Fact]
    public void TrainRefusesToOverwriteAnExistingRun()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.Combine("run"));
        File.WriteAllText(dir.Combine("run", "notes.txt"), "mine");
        var (exit, output) = Invoke("train", "--data", SharedData.CatsDogs, "--out", dir.Combine("run"));
        Assert.Equal(2, exit);
        Assert.Contains("already exists", output);
        Assert.Equal("mine", File.ReadAllText(dir.Combine("run", "notes.txt")));
    }

    [Fact]
    public void EvaluateAndPredictRejectAFolderThatIsNotASavedModel()
    {
        using var dir = new TempFolder();
        var (exit, output) = Invoke("evaluate", "--model", dir.Root, "--data", SharedData.CatsDogs);
        Assert.Equal(2, exit);
        Assert.Contains("model.json", output);
        (exit, _) = Invoke("predict", "--model", dir.Root, SharedData.Photo());
        Assert.Equal(2, exit);
    }
}
