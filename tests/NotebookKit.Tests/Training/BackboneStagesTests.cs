using NotebookKit.Models;
using NotebookKit.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Tests.Training;

public class BackboneStagesTests
{
    public static TheoryData<string> Ids() => [.. Pretrained.All.Select(e => e.Id)];

    [Fact]
    public void StagesComposeToThePretrainedClassifiersForward()
    {
        using var model = TinyData.Model();
        AssertStagesCompose(model, 64);
    }

    /// <summary>Every zoo backbone, random weights, at 64 px at most (adaptive pooling accepts it) to keep the suite fast; ViT-B/16 only takes 224.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void StagesComposeToEveryBackbonesForward(string id)
    {
        var entry = Pretrained.Get(id);
        using var model = ModelSpec.For(id, ["a", "b", "c"], pretrained: false).Build();
        AssertStagesCompose(model, id == "vit_b_16" ? VisionTransformer.ImageSize : Math.Min(64, entry.Preprocess.InputSize));
    }

    /// <summary>The whole run, and every split into a prefix and the rest, equal model.forward (eval mode: no dropout).</summary>
    static void AssertStagesCompose(ImageClassifier model, int size)
    {
        model.eval();
        var stages = new BackboneStages(model);
        var last = model.LayerGroups.Count - 1;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = randn([2, 3, size, size], generator: new TorchSharp.torch.Generator(3));
        var full = model.forward(x);
        Assert.True(full.allclose(stages.Run(x, 0, last), 1e-5, 1e-5), "stem … head");
        for (var boundary = 0; boundary < last; boundary++)
            Assert.True(full.allclose(stages.Run(stages.Run(x, 0, boundary), boundary + 1, last), 1e-5, 1e-5), $"split after {model.LayerGroups[boundary].Name}");
    }

    [Fact]
    public void AStagedBackboneRejectsGroupsOutOfForwardOrder()
    {
        var first = Linear(4, 4);
        var second = Linear(4, 4);
        var error = Assert.Throws<ArgumentException>(() => new StagedBackbone("swapped", [("a", first), ("b", second)], 4,
            () => [new("stem", [second]), new("layer1", [first])]));
        Assert.Contains("'layer1' is not a run of the chain", error.Message);
    }
}
