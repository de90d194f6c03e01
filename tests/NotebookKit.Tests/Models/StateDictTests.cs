using NotebookKit.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Sequential = TorchSharp.Modules.Sequential;

namespace NotebookKit.Tests.Models;

public sealed class StateDictTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("nbk-statedict-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static Sequential Small(string last = "fc") => Sequential(("conv", Conv2d(3, 4, 3)), ("bn", BatchNorm2d(4)), (last, Linear(4, 2)));

    static void AssertSameState(Module expected, Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys) Assert.True(a[key].eq(b[key]).all().item<bool>(), $"{key} differs");
    }

    [Theory]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    [InlineData(".dat")]
    public void RoundTripKeepsEveryTensor(string extension)
    {
        var source = Small();
        using (no_grad()) ((TorchSharp.Modules.BatchNorm2d)source.named_children().Single(c => c.name == "bn").module).running_mean!.fill_(0.25);
        var path = Path.Combine(dir, "small" + extension);
        switch (extension)
        {
            case ".pth": source.save_py(path); break;
            case ".safetensors": source.save_safetensors(path); break;
            default: source.save(path); break;
        }
        var target = Small();
        StateDict.Load(target, path);
        AssertSameState(source, target);
    }

    [Theory]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    [InlineData(".dat")]
    public void KeyMismatchNamesMissingAndUnexpectedKeys(string extension)
    {
        var path = Path.Combine(dir, "other" + extension);
        var source = Small(last: "classifier");
        switch (extension)
        {
            case ".pth": source.save_py(path); break;
            case ".safetensors": source.save_safetensors(path); break;
            default: source.save(path); break;
        }
        var e = Assert.Throws<StateDictMismatchException>(() => StateDict.Load(Small(), path));
        Assert.Equal(["fc.bias", "fc.weight"], e.MissingKeys.Order());
        Assert.Equal(["classifier.bias", "classifier.weight"], e.UnexpectedKeys.Order());
        Assert.Contains("fc.weight", e.Message);
        Assert.Contains("classifier.weight", e.Message);
        Assert.Contains(path, e.Message);
    }

    /// <summary>Same keys, another size (a colleague's 3-class fine-tune, or a wider variant): named with both shapes, and nothing is loaded.</summary>
    [Theory]
    [InlineData(".pth")]
    [InlineData(".safetensors")]
    public void ShapeMismatchNamesTheKeyAndBothShapesBeforeLoading(string extension)
    {
        var path = Path.Combine(dir, "wider" + extension);
        var source = Sequential(("conv", Conv2d(3, 4, 3)), ("bn", BatchNorm2d(4)), ("fc", Linear(4, 3)));
        if (extension == ".pth") source.save_py(path); else source.save_safetensors(path);
        var target = Small();
        var before = target.state_dict()["conv.weight"].clone();
        var e = Assert.Throws<StateDictMismatchException>(() => StateDict.Load(target, path));
        Assert.Empty(e.MissingKeys);
        Assert.Empty(e.UnexpectedKeys);
        Assert.Equal(["fc.bias [3] in the file, [2] in the model", "fc.weight [3, 4] in the file, [2, 4] in the model"], e.ShapeMismatches.Order());
        Assert.Contains("fc.weight [3, 4]", e.Message);
        Assert.True(before.eq(target.state_dict()["conv.weight"]).all().item<bool>(), "a mismatching file must not load anything");
    }

    [Fact]
    public void IgnoredKeysAreSkippedButEverythingElseStaysStrict()
    {
        var path = Path.Combine(dir, "with-fc.pth");
        var source = Small();
        source.save_py(path);
        var backbone = Sequential(("conv", Conv2d(3, 4, 3)), ("bn", BatchNorm2d(4)));
        StateDict.Load(backbone, path, ignoredKeys: ["fc."]);
        Assert.Throws<StateDictMismatchException>(() => StateDict.Load(Sequential(("conv", Conv2d(3, 4, 3)), ("bn", BatchNorm2d(4))), path));
    }

    /// <summary>A torchvision-layout state dict (TorchVision's own ResNet-18, fc included) loads into the kit's backbone by name.</summary>
    [Fact]
    public void TorchVisionResNet18StateDictLoadsIntoTheZooBackbone()
    {
        var path = Path.Combine(dir, "resnet18-test.pth");
        using var reference = torchvision.models.resnet18();
        reference.save_py(path);
        using var backbone = Pretrained.Backbone("resnet18", path);
        var expected = reference.state_dict();
        foreach (var (key, value) in backbone.state_dict())
            Assert.True(value.eq(expected[key]).all().item<bool>(), $"{key} differs");
    }

    /// <summary>
    /// The wrapped backbones keep TorchVision's keys: each one's state dict is exactly TorchVision's model's minus the
    /// dropped classifier keys the entry ignores (compared by key rather than through files: AlexNet's alone is 244 MB).
    /// </summary>
    [Theory]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    [InlineData("vgg16")]
    [InlineData("alexnet")]
    [InlineData("googlenet")]
    [InlineData("mobilenet_v2")]
    public void WrappedBackbonesKeepTorchVisionKeys(string id)
    {
        using nn.Module<Tensor, Tensor> reference = id switch
        {
            "resnet34" => torchvision.models.resnet34(),
            "resnet50" => torchvision.models.resnet50(),
            "vgg16" => torchvision.models.vgg16(),
            "alexnet" => torchvision.models.alexnet(),
            "googlenet" => torchvision.models.googlenet(),
            _ => torchvision.models.mobilenet_v2(),
        };
        var entry = Pretrained.Get(id);
        using var backbone = entry.CreateBackbone();
        var ignored = entry.Weights!.IgnoredKeys;
        var expected = reference.state_dict().Keys.Where(k => !ignored.Any(k.StartsWith)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, backbone.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Contains(reference.state_dict().Keys, k => ignored.Any(k.StartsWith));
    }

    /// <summary>
    /// The wrappers compute what TorchVision's models compute: with TorchVision's weights, backbone features through
    /// the dropped classifier equal TorchVision's logits (GoogLeNet with transform_input, as its pretrained weights need).
    /// </summary>
    [Theory]
    [InlineData("resnet18", "fc.")]
    [InlineData("alexnet", "classifier.6.")]
    [InlineData("googlenet", "fc.")]
    [InlineData("mobilenet_v2", "classifier.1.")]
    public void WrappedBackbonesComputeTorchVisionsForward(string id, string classifier)
    {
        manual_seed(1);
        using nn.Module<Tensor, Tensor> reference = id switch
        {
            "resnet18" => torchvision.models.resnet18(),
            "alexnet" => torchvision.models.alexnet(),
            "googlenet" => torchvision.models.googlenet(transform_input: true),
            _ => torchvision.models.mobilenet_v2(),
        };
        using var backbone = Pretrained.Get(id).CreateBackbone();
        var state = reference.state_dict();
        backbone.load_state_dict(state.Where(kv => !Pretrained.Get(id).Weights!.IgnoredKeys.Any(kv.Key.StartsWith)).ToDictionary(), strict: true);
        reference.eval();
        backbone.eval();
        using var _ = no_grad();
        using var x = randn(2, 3, 96, 96);
        using var expected = reference.forward(x);
        using var actual = functional.linear(backbone.forward(x), state[classifier + "weight"], state[classifier + "bias"]);
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5), $"max difference {(expected - actual).abs().max().item<float>()}");
    }

    /// <summary>Keys of torchvision's efficientnet_b0 (from its module tree), which the kit's EfficientNet must reproduce.</summary>
    [Fact]
    public void EfficientNetB0UsesTorchVisionKeys()
    {
        var keys = TorchVisionBackbones.EfficientNetB0().state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "features.0.0.weight", "features.0.1.running_var", "features.1.0.block.0.0.weight", "features.1.0.block.1.fc1.weight",
            "features.1.0.block.1.fc2.bias", "features.1.0.block.2.1.weight", "features.2.0.block.0.0.weight", "features.2.1.block.3.1.num_batches_tracked",
            "features.6.3.block.2.fc1.bias", "features.7.0.block.3.0.weight", "features.8.0.weight", "features.8.1.bias",
        ];
        Assert.All(expected, k => Assert.Contains(k, keys));
        Assert.DoesNotContain(keys, k => k.StartsWith("classifier"));
    }
}
