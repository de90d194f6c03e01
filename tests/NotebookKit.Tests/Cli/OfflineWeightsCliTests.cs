using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using TorchSharp.PyBridge;
using Xunit.Abstractions;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// A modern backbone from a local weights file with no network at all: the real program under <c>unshare -n</c> (a
/// network namespace without interfaces) trains ConvNeXt-Tiny from a .pth with the head alone and from its last stage.
/// The .pth is a seeded random-init state dict written with torchvision's key names (PyBridge's PyTorch format), so the
/// test needs no download; small: 8 training and 4 validation photos at 64 px, one epoch. The run is then exported to
/// ONNX and must agree with <c>predict</c>.
/// </summary>
public sealed class OfflineWeightsCliTests(ITestOutputHelper output) : IDisposable
{
    readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [OfflineTheory]
    [InlineData("backbone")]
    [InlineData("from:layer4")]
    public void ConvNeXtTrainsFromALocalPthWithoutANetwork(string freeze)
    {
        var weights = dir.Combine("convnext_tiny-random.pth");
        TorchSharp.torch.manual_seed(11);
        using (var backbone = Pretrained.Backbone("convnext_tiny", pretrained: false)) backbone.save_py(weights);
        var data = SmallCatsDogs();

        var run = dir.Combine("run");
        Offline("train", "--model", "convnext_tiny", "--weights", weights, "--freeze", freeze, "--data", data, "--out", run,
            "--epochs", "1", "--image-size", "64", "--batch-size", "4");
        var spec = File.ReadAllText(Path.Combine(run, "model.json"));
        Assert.Contains("convnext_tiny", spec);
        Assert.Contains(weights, spec); // the run records where its starting weights came from

        // The trained classifier as ONNX, still offline, gives predict's classes and probabilities.
        var photos = Directory.GetFiles(Path.Combine(data, "val"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var rows = Offline(["predict", "--model", run, "--format", "tsv", .. photos]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Offline("export", "--model", run, "--onnx", dir.Combine("model.onnx"));
        using var session = new InferenceSession(dir.Combine("model.onnx"));
        OnnxAgreement.AssertMatchesPredict(session, SavedModel.ReadInfo(run).Preprocess, photos, rows);
    }

    /// <summary>The program in a network namespace without interfaces; its standard output, after asserting it succeeded.</summary>
    string Offline(params string[] args)
    {
        using var cli = new CliProcess(args, configure: info =>
        {
            info.ArgumentList.Insert(0, info.FileName);
            info.ArgumentList.Insert(0, "-n");
            info.FileName = "unshare";
        });
        var (exit, stdout, stderr) = cli.Wait(TimeSpan.FromMinutes(10));
        output.WriteLine($"$ {string.Join(' ', args)}\n{stdout}{stderr}");
        Assert.True(exit == 0, $"{args[0]} under unshare -n exited {exit}:\n{stderr}");
        return stdout;
    }

    /// <summary>train/ and val/ with links to the first few shared photos of each class (nothing copied).</summary>
    string SmallCatsDogs()
    {
        foreach (var (split, count) in new[] { ("train", 4), ("val", 2) })
            foreach (var cls in new[] { "cat", "dog" })
            {
                Directory.CreateDirectory(dir.Combine("data", split, cls));
                for (var i = 0; i < count; i++)
                {
                    var photo = SharedData.Photo(split: split, cls: cls, index: i);
                    File.CreateSymbolicLink(dir.Combine("data", split, cls, Path.GetFileName(photo)), photo);
                }
            }
        return dir.Combine("data");
    }
}

/// <summary>A theory that runs the program in a network namespace of its own (unshare -n, which needs root on Linux); skipped, saying why, elsewhere.</summary>
public sealed class OfflineTheoryAttribute : TheoryAttribute
{
    public OfflineTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: unshare -n gives the program a network namespace without interfaces";
        else if (!UnshareWorks()) Skip = "unshare -n is not permitted here (it needs root or user namespaces): the offline run cannot be isolated";
    }

    static bool UnshareWorks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("unshare", ["-n", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            p.WaitForExit(TimeSpan.FromSeconds(10));
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; } // no unshare program
    }
}
