using NotebookKit.Models;
using NotebookKit.Tests.Support;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

/// <summary>
/// The ports of torchvision's 2019–2022 architectures against torchvision 0.14 itself: torchvision's model with seeded
/// random weights (norm layers and constants randomised too) is saved as a .pth, loaded into the zoo backbone through
/// the strict weights-file path, and both run the same input. The backbone's output must equal torchvision's
/// pre-logits, and those through torchvision's own last Linear its logits, within 1e-4 in fp32, at the inputs of
/// <see cref="TorchVisionReference.Inputs"/>. The reference model is the one <see cref="Cli.FeaturesCliTests"/> uses too.
/// </summary>
public sealed class TorchVisionExactnessTests(ITestOutputHelper output)
{
    [TorchVisionTheory]
    [MemberData(nameof(TorchVisionReference.Architectures), MemberType = typeof(TorchVisionReference))]
    public void LogitsEqualTorchVisions(string id)
    {
        var (size, _, classifier) = TorchVisionReference.Inputs[id];
        var dir = TorchVisionReference.Model(id);
        using var backbone = Pretrained.Backbone(id, Path.Combine(dir, id + ".pth"));
        backbone.eval();
        var io = Read(Path.Combine(dir, id + "-io.pth"));
        var weights = Read(Path.Combine(dir, id + ".pth"));
        using var _ = no_grad();
        using var features = backbone.forward(io["input"]);
        using var logits = nn.functional.linear(features, weights[classifier + "weight"], weights[classifier + "bias"]);

        var featureError = (features - io["features"]).abs().max().item<float>();
        var logitError = (logits - io["logits"]).abs().max().item<float>();
        output.WriteLine($"{id} at {size} px: max |Δ| features {featureError:E2} (max |x| {io["features"].abs().max().item<float>():F2}), logits {logitError:E2} (max |x| {io["logits"].abs().max().item<float>():F2})");
        Assert.Equal(io["features"].shape, features.shape);
        Assert.True(featureError <= 1e-4, $"{id}: features differ by {featureError}");
        Assert.True(logitError <= 1e-4, $"{id}: logits differ by {logitError}");
    }

    static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var result = new Dictionary<string, Tensor>();
        foreach (System.Collections.DictionaryEntry e in PyTorchUnpickler.UnpickleStateDict(stream)) result[(string)e.Key] = (Tensor)e.Value!;
        return result;
    }
}
