using System.CommandLine;
using NotebookKit.Cli;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Tests.Training;
using TorchSharp.PyBridge;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// Damaged checkpoints, weights files and run folders handed to the command line: each is one line naming the file
/// and what to do, exit code 2 — never a crash, a segfault, or a run that silently goes on with wrong numbers.
/// </summary>
[Collection("console")]
public class DamagedFilesCliTests
{
    static (int Exit, string Output) Run(params string[] args)
    {
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create(), PredictCommand.Create(), ExportCommand.Create(), FeaturesCommand.Create() };
        ArgumentRules.Apply(root);
        return CapturedConsole.Run(() => CliHost.Run(root, args));
    }

    static void AssertOneLineNaming(string[] args, string file, string fix)
    {
        var (exit, output) = Run(args);
        var what = $"{string.Join(' ', args)} → {exit}: {output}";
        Assert.True(exit == 2, what);
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.True(error.Contains(file, StringComparison.Ordinal) && error.Contains(fix, StringComparison.Ordinal), what);
        Assert.DoesNotContain("unexpected", output);
    }

    /// <summary>The file with <paramref name="keep"/> of its bytes, or with the byte at <paramref name="flipAt"/> (a fraction of its length) inverted.</summary>
    static string Damaged(TempFolder dir, string source, string name, double keep = 1, double? flipAt = null)
    {
        var bytes = File.ReadAllBytes(source);
        bytes = bytes[..(int)(bytes.Length * keep)];
        if (flipAt is { } at) bytes[(int)(bytes.Length * at)] ^= 0xFF;
        return dir.File(name, bytes);
    }

    [Fact]
    public void ATruncatedOrFlippedCheckpointIsNamedNotResumed()
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
            foreach (var i in Enumerable.Range(0, 10))
                File.Copy(SharedData.Photo(split: "train", cls: cls, index: i), dir.File($"data/{cls}/{cls}{i}.jpg"));
        var data = dir.Combine("data");
        var good = dir.Combine("good.ckpt");
        using (var learner = TinyData.Learner(seed: 3))
            learner.SaveCheckpoint(good);
        foreach (var (name, keep, flip) in new (string, double, double?)[] { ("truncated.ckpt", 0.6, null), ("flipped.ckpt", 1, 0.5), ("flipped-end.ckpt", 1, 0.9999), ("header.ckpt", 1, 0.0001) })
        {
            var ckpt = Damaged(dir, good, name, keep, flip);
            AssertOneLineNaming(["train", "--data", data, "--out", dir.Combine("run-" + name), "--image-size", "64", "--resume", ckpt], ckpt, "Resume from an older checkpoint or start again without it");
            Assert.False(Directory.Exists(dir.Combine("run-" + name)));
        }
    }

    [Theory]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    public void ATruncatedOrZeroedWeightsFileIsNamed(string extension)
    {
        using var dir = new TempFolder();
        var image = dir.Image("a.png", 40, 40);
        var good = dir.Combine("lenet5" + extension);
        using (var backbone = Pretrained.Backbone("lenet5", pretrained: false))
            if (extension == ".pth") backbone.save_py(good); else backbone.save_safetensors(good);
        Assert.Equal(0, Run("features", "--model", "lenet5", "--weights", good, image).Exit);
        foreach (var weights in new[] { Damaged(dir, good, "truncated" + extension, keep: 0.5), Damaged(dir, good, "cut" + extension, keep: 0.01), dir.File("zeros" + extension, new byte[4096]) })
            AssertOneLineNaming(["features", "--model", "lenet5", "--weights", weights, image], weights, "save");
    }

    [Fact]
    public void ADamagedRunFolderIsNamedByPredictEvaluateAndExport()
    {
        using var dir = new TempFolder();
        var (run, data) = OutputSafetyCliTests.RunAndData(dir);
        var photo = Path.Combine(data, "cat", "cat0.jpg");
        var json = File.ReadAllText(Path.Combine(run, "model.json"));
        var weights = File.ReadAllBytes(Path.Combine(run, "model.dat"));
        (string Name, string File, byte[] Content)[] damages =
        [
            ("invalid json", "model.json", "{\"format\": \"notebookkit-model/2\", "u8.ToArray()),
            ("an array", "model.json", "[1, 2, 3]"u8.ToArray()),
            ("a missing key", "model.json", System.Text.Encoding.UTF8.GetBytes(json.Replace("\"classes\"", "\"klasses\""))),
            ("a negative input size", "model.json", System.Text.Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(json, "\"input_size\": \\d+", "\"input_size\": -5"))),
            ("truncated weights", "model.dat", weights[..(weights.Length / 3)]),
            ("foreign weights", "model.dat", [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]),
        ];
        foreach (var (name, file, content) in damages)
        {
            var broken = dir.Combine("broken-" + name.Replace(' ', '-'));
            Directory.CreateDirectory(broken);
            foreach (var f in Directory.GetFiles(run)) File.Copy(f, Path.Combine(broken, Path.GetFileName(f)));
            File.WriteAllBytes(Path.Combine(broken, file), content);
            var named = Path.Combine(broken, file);
            AssertOneLineNaming(["predict", "--model", broken, photo], named, "");
            AssertOneLineNaming(["evaluate", "--model", broken, "--data", data], named, "");
            AssertOneLineNaming(["export", "--model", broken, "--onnx", dir.Combine("out.onnx")], named, "");
            Assert.False(File.Exists(dir.Combine("out.onnx")), name);
        }
    }
}
