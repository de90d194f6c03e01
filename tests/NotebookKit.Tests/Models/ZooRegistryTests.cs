using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

public class ZooRegistryTests
{
    public static TheoryData<string> Ids() => [.. Pretrained.All.Select(e => e.Id)];

    [Fact]
    public void TheZooHasEveryArchitectureOfTheIssue()
    {
        string[] expected = ["resnet-cntk", "resnet18", "resnet34", "resnet50", "vgg16", "mobilenet_v2", "efficientnet_b0", "alexnet", "googlenet", "lenet5",
            "mobilenet_v3_large", "convnext_tiny", "regnet_y_800mf", "efficientnet_v2_s", "swin_t", "vit_b_16"];
        Assert.Equal(expected.Order(), Pretrained.All.Select(e => e.Id).Order());
        Assert.All(Pretrained.All.Where(e => e.Id is not ("resnet-cntk" or "lenet5")), e =>
        {
            Assert.NotNull(e.Weights);
            Assert.StartsWith("https://download.pytorch.org/models/", e.Weights!.Url);
            // torchvision's file names embed the first 8 hex digits of the SHA-256.
            Assert.Contains("-" + e.Weights.Sha256[..8] + ".pth", e.Weights.FileName);
            Assert.NotNull(e.Metadata.ImageNetTop1);
            Assert.Contains("non-commercial", e.Metadata.License);
        });
    }

    /// <summary>Builds each entry once: parameter count and GFLOPs against the published numbers, groups cover all parameters once.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void EntryBuildsWithPublishedSizeAndGroupsCoveringEveryParameterOnce(string id)
    {
        var entry = Pretrained.Get(id);
        using var backbone = Pretrained.Backbone(id, pretrained: false);

        Assert.Equal(entry.Metadata.Parameters, ModelComplexity.Parameters(entry, backbone));
        var gflops = ModelComplexity.GFlops(entry, backbone);
        Assert.InRange(gflops, entry.Metadata.GFlops * 0.99, entry.Metadata.GFlops * 1.01);

        var groups = ((IBackbone)backbone).LayerGroups;
        Assert.Equal("stem", groups[0].Name);
        var owners = new Dictionary<TorchSharp.Modules.Parameter, string>(ReferenceEqualityComparer.Instance);
        foreach (var group in groups)
            foreach (var p in group.Parameters())
                Assert.True(owners.TryAdd(p, group.Name), $"a parameter is in both {owners.GetValueOrDefault(p)} and {group.Name}");
        var all = backbone.named_parameters().ToList();
        var orphans = all.Where(p => !owners.ContainsKey(p.parameter)).Select(p => p.name).ToList();
        Assert.True(orphans.Count == 0, "parameters in no group: " + string.Join(", ", orphans));
        Assert.Equal(all.Count, owners.Count);
    }

    /// <summary>
    /// Linear and MLP-sigmoid heads on every backbone. The backbone runs twice on a zero batch of two at the entry's
    /// input size — except the two heaviest: ResNet-50 at 112 and VGG-16 at 64 (their adaptive pooling accepts any
    /// size), to keep the suite fast on two cores; the head shapes do not depend on the input size.
    /// </summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void HeadsFitEveryBackbone(string id)
    {
        var entry = Pretrained.Get(id);
        var size = id switch { "vgg16" => 64, "resnet50" or "convnext_tiny" or "swin_t" => 112, "efficientnet_v2_s" => 128, _ => entry.Preprocess.InputSize };
        using var binary = ModelSpec.For(id, ["cat", "dog"], HeadSpec.ArticleBinary, pretrained: false).Build();
        using var linear = new ClassifierHead(binary.Backbone.FeatureCount, 3, HeadSpec.Linear);
        var backbone = binary.BackboneModule;
        linear.eval();
        binary.eval();
        using var _ = no_grad();
        using var x = zeros(2, 3, size, size);

        using var features = backbone.forward(x);
        Assert.Equal([2L, ((IBackbone)backbone).FeatureCount], features.shape);
        using (var logits = linear.forward(features)) Assert.Equal([2L, 3], logits.shape);
        using (var logits = binary.Head.forward(features)) Assert.Equal([2L, 1], logits.shape);
        using var p = binary.PredictProbabilities(x);
        Assert.Equal([2L, 2], p.shape);
        Assert.Equal(["stem", "head"], new[] { binary.LayerGroups[0].Name, binary.LayerGroups[^1].Name });
    }

    [Fact]
    public void TableListsEveryEntry()
    {
        var table = Pretrained.Table();
        Assert.Equal(Pretrained.All.Count, table.Rows.Count);
        Assert.Equal(["id", "params", "GFLOPs", "top1", "input", "weights", "offline"], table.Columns.Select(c => c.Name));
        var row = Pretrained.All.ToList().FindIndex(e => e.Id == "resnet18");
        Assert.Equal(11_689_512L, table["params"][row]);
        Assert.Equal("https://download.pytorch.org/models/resnet18-f37072fd.pth", table["weights"][row]);
        Assert.Equal(true, table["offline"][Pretrained.All.ToList().FindIndex(e => e.Id == "lenet5")]);
    }
}
