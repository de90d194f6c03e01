using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Tests.Training;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

/// <summary>The fast copy of frozen groups (folded BatchNorm, channels-last, bf16) against the model's own fp32 groups.</summary>
public class InferenceCopyTests
{
    static Tensor Images(ulong seed = 3) => randn([2, 3, TinyData.Size, TinyData.Size], generator: new Generator(seed)) * 60;

    [Fact]
    public void AnFp32CopyWithFoldedBatchNormAndChannelsLastComputesTheSameGroups()
    {
        using var model = TinyData.Model();
        model.eval();
        using var copy = InferenceCopy.Of(model, ComputePrecision.Float32)!;
        Assert.True(copy.BatchNormFolded);
        Assert.Equal("fp32, channels-last, BatchNorm folded", copy.ToString());
        var stages = new BackboneStages(model);
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        for (var boundary = 0; boundary < model.LayerGroups.Count - 1; boundary++)
        {
            var expected = stages.Run(x, 0, boundary);
            var actual = copy.Run(x, boundary);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(actual.is_contiguous());
            var relative = ((actual - expected).norm() / expected.norm()).item<float>();
            Assert.True(relative < 1e-5, $"{model.LayerGroups[boundary].Name}: relative error {relative}");
        }
    }

    [Fact]
    public void AFlattenedBackboneIsCopiedWithItsFlattenAndFoldedInside()
    {
        using var model = ModelSpec.For(Pretrained.DefaultId, TinyData.Classes, pooling: Pooling.Flatten, inputSize: TinyData.Size).Build();
        model.eval();
        using var copy = InferenceCopy.Of(model, ComputePrecision.Float32)!;
        Assert.True(copy.BatchNormFolded);
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var last = model.LayerGroups.Count - 2;
        var expected = new BackboneStages(model).Run(x, 0, last);
        var actual = copy.Run(x, last);
        Assert.Equal(expected.shape, actual.shape); // [2, 512·2·2]: flattened, not pooled
        Assert.True(((actual - expected).norm() / expected.norm()).item<float>() < 1e-5);
    }

    [Fact]
    public void ABf16CopyStaysWithinBf16RoundingOfFp32()
    {
        using var model = TinyData.Model();
        model.eval();
        using var copy = InferenceCopy.Of(model, ComputePrecision.BFloat16)!;
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var expected = ((nn.Module<Tensor, Tensor>)model.Backbone).forward(x);
        var actual = copy.Run(x, model.LayerGroups.Count - 2);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        var relative = ((actual - expected).norm() / expected.norm()).item<float>();
        // bf16 keeps 8 significand bits (relative rounding 2^-9 per operation); through 19 layers the features drift a few percent at most.
        Assert.InRange(relative, 1e-4, 0.05);
    }

    [Fact]
    public void MakingACopyLeavesTheModelsWeightsAndBatchNormAlone()
    {
        using var model = TinyData.Model();
        model.eval();
        var before = WeightsFingerprint.Of(model);
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var logits = model.forward(x);
        using (InferenceCopy.Of(model, ComputePrecision.BFloat16)) { }
        Assert.Equal(before, WeightsFingerprint.Of(model));
        Assert.True(logits.allclose(model.forward(x), 1e-6, 1e-6));
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Fact]
    public void FoldingBottleneckBlocksKeepsTheirFunction()
    {
        // ResNet-50's blocks (1×1/3×3/1×1 and a downsampling shortcut), with BatchNorm statistics that are not the identity.
        using var backbone = new ResNetBackbone("bottleneck", [1, 1, 1, 1], bottleneck: true);
        using (no_grad())
            foreach (var (name, t) in backbone.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")))
                t.copy_(name.EndsWith("var") ? rand_like(t) + 0.5 : randn_like(t) * 0.1);
        backbone.eval();
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var expected = backbone.forward(x);
        backbone.FoldBatchNorm();
        var relative = ((backbone.forward(x) - expected).norm() / expected.norm()).item<float>();
        Assert.True(relative < 1e-5, $"relative error {relative}");
    }

    [Fact]
    public void TheLearnerRunsFrozenGroupsInTheCopyWithOrWithoutACache()
    {
        var log = new List<string>();
        LearnerOptions Options(bool cache) => new() { CacheFrozenActivations = cache, CacheDirectory = null, FrozenPrecision = ComputePrecision.Float32, Log = log.Add };
        using var cached = TinyData.Learner(options: Options(true));
        using var uncached = TinyData.Learner(options: Options(false));
        cached.FreezeTo("layer4");
        uncached.FreezeTo("layer4");
        var a = cached.Validate();
        var b = uncached.Validate();
        Assert.Contains(log, l => l.Contains("computed fp32, channels-last, BatchNorm folded"));

        Assert.Equal(OwnLoss(cached), a.Loss, 4);
        Assert.Equal(OwnLoss(uncached), b.Loss, 4);
    }

    /// <summary>The validation loss through the model's own fp32 groups, by hand: eval mode, every group.</summary>
    static double OwnLoss(Learner learner)
    {
        var model = learner.Model;
        model.eval();
        double loss = 0;
        using (no_grad())
            foreach (var batch in learner.Val.Epoch(0))
                using (batch)
                using (NewDisposeScope())
                    loss += model.Head.Loss(model.forward(batch.Images), batch.Labels).item<float>() * batch.Count;
        return loss / learner.Val.Count;
    }
}
