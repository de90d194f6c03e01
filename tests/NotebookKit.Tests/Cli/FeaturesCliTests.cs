using System.CommandLine;
using System.Globalization;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using Spectre.Console;
using Xunit.Abstractions;

namespace NotebookKit.Tests.Cli;

[Collection("console")] // the commands write through the shared AnsiConsole
public sealed class FeaturesCliTests(ITestOutputHelper output) : IDisposable
{
    readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    static (int Exit, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { FeaturesCommand.Create() };
        return CapturedConsole.Run(() => root.Parse(args).Invoke());
    }

    /// <summary>
    /// The acceptance: given torchvision's random-init .pth through --weights, the kit's features of 8 PNGs sized
    /// so the resize is the identity (an even margin for the centre crop) equal torchvision's own pipeline's, within 1e-3.
    /// The .pth is the reference model <see cref="Models.TorchVisionExactnessTests"/> checks logits against, made once.
    /// </summary>
    [TorchVisionTheory]
    [MemberData(nameof(TorchVisionReference.Architectures), MemberType = typeof(TorchVisionReference))]
    public void FeaturesEqualTorchVisionsOnEightImages(string id)
    {
        var side = Pretrained.Get(id).Preprocess.ResizeSize;
        var weights = Path.Combine(TorchVisionReference.Model(id), id + ".pth");
        var images = Enumerable.Range(0, 8).Select(i => dir.Image($"images/{i}.png", side, side, seed: i)).ToArray();

        var (exit, text) = Invoke(["features", "--model", id, "--weights", weights, "--out", dir.PathOf("kit.tsv"), .. images]);
        Assert.True(exit == 0, text);
        TorchVisionReference.Run(["features", id, "--weights", weights, "--out", dir.PathOf("torchvision.tsv"), .. images]);

        var kit = ReadTsv(dir.PathOf("kit.tsv"));
        var reference = ReadTsv(dir.PathOf("torchvision.tsv"));
        Assert.Equal(reference.Keys.Order(), kit.Keys.Order());
        var error = kit.Max(kv => kv.Value.Zip(reference[kv.Key], (a, b) => Math.Abs(a - b)).Max());
        output.WriteLine($"{id}: 8 images {side}×{side}, {kit.First().Value.Length} features, max |Δ| {error:E2}");
        Assert.All(kit.Values, row => Assert.Equal(reference.First().Value.Length, row.Length));
        Assert.True(error <= 1e-3, $"{id}: features differ from torchvision's by {error}");
    }

    [Fact]
    public void NpyNeedsAnOutputFileAndNothingIsOverwritten()
    {
        var image = dir.Image("a.png", 40, 40);
        var (exit, text) = Invoke("features", "--model", "lenet5", "--format", "npy", image);
        Assert.NotEqual(0, exit);
        Assert.Contains("--out", text);

        var existing = dir.File("old.tsv", [1, 2, 3]);
        (exit, text) = Invoke("features", "--model", "lenet5", "--weights", existing, "--out", existing, image);
        Assert.NotEqual(0, exit);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(existing));
    }

    static Dictionary<string, double[]> ReadTsv(string path) =>
        File.ReadAllLines(path).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}
