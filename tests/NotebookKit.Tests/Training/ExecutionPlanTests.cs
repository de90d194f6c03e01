using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;
using BatchNorm2d = TorchSharp.Modules.BatchNorm2d;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

/// <summary>
/// The execution plan: what it chooses per freeze state and CPU, its fused prefix (folded BatchNorm, channels-last, bf16)
/// against the model's own fp32 groups, and the model it leaves behind.
/// </summary>
[Collection(TorchCollection.Name)]
public class ExecutionPlanTests
{
    static readonly CpuFeatures Bf16Cpu = CpuFeatures.Parse("flags\t: avx2 avx512f avx512_bf16\n");
    static readonly CpuFeatures PlainCpu = CpuFeatures.Parse("flags\t: avx2\n");

    static Tensor Images(ulong seed = 3) => randn([2, 3, TinyData.Size, TinyData.Size], generator: new Generator(seed)) * 60;

    static bool Overridden => Environment.GetEnvironmentVariable(ComputePrecisions.EnvironmentVariable) is not null
        || Environment.GetEnvironmentVariable(ComputePrecisions.TrainEnvironmentVariable) is not null;

    [Fact]
    public void ThePlanFollowsTheFreezeStateAndTheCpu()
    {
        if (Overridden) return; // a user's override decides instead
        var options = new LearnerOptions();
        const int groups = 6; // stem, layer1 … layer4, head
        Assert.Equal(new ExecutionPlan(-1, ComputePrecision.BFloat16, ComputePrecision.BFloat16), ExecutionPlan.ForFit(groups, 0, options, Bf16Cpu));
        Assert.Equal(new ExecutionPlan(3, ComputePrecision.BFloat16, ComputePrecision.BFloat16), ExecutionPlan.ForFit(groups, 4, options, Bf16Cpu));
        Assert.Equal(new ExecutionPlan(4, ComputePrecision.BFloat16, ComputePrecision.Float32), ExecutionPlan.ForFit(groups, 5, options, Bf16Cpu)); // the head alone stays fp32
        Assert.Equal(new ExecutionPlan(3, ComputePrecision.Float32, ComputePrecision.Float32), ExecutionPlan.ForFit(groups, 4, options, PlainCpu));
        Assert.Equal(new ExecutionPlan(3, null, ComputePrecision.BFloat16), ExecutionPlan.ForFit(groups, 4, options with { InferencePrecision = ComputePrecision.Float32 }, Bf16Cpu));
        Assert.Equal(-1, ExecutionPlan.ForFit(groups, 4, options with { TrainFrozenBatchNorm = true }, Bf16Cpu).PrefixEnd); // training BatchNorms run forward and backward
        // Predictions: the whole backbone forward only, the head fp32, whatever is frozen.
        Assert.Equal(new ExecutionPlan(4, ComputePrecision.BFloat16, ComputePrecision.Float32), ExecutionPlan.ForPredictions(groups, ComputePrecision.Auto, Bf16Cpu));
        Assert.Equal(new ExecutionPlan(4, ComputePrecision.Float32, ComputePrecision.Float32), ExecutionPlan.ForPredictions(groups, ComputePrecision.Auto, PlainCpu));
        Assert.Equal(new ExecutionPlan(4, null, ComputePrecision.Float32), ExecutionPlan.ForPredictions(groups, ComputePrecision.Float32, Bf16Cpu));
        Assert.Equal(new ExecutionPlan(4, ComputePrecision.BFloat16, ComputePrecision.Float32), ExecutionPlan.ForPredictions(groups, ComputePrecision.BFloat16, PlainCpu));
    }

    /// <summary>Runs groups 0 … last of <paramref name="model"/> under <paramref name="plan"/>'s stand-ins as the Learner does (channels-last input in the fused dtype, fp32 out).</summary>
    static Tensor Fused(ImageClassifier model, ExecutionPlan plan, Tensor x, int last)
    {
        using var swaps = plan.Apply(model, model.LayerGroups);
        using var _ = no_grad();
        return new BackboneStages(model).Run(x.ChannelsLast().to(plan.FusedType), 0, last).to(ScalarType.Float32);
    }

    [Fact]
    public void AnFp32FusedPrefixComputesTheSameGroups()
    {
        using var model = TinyData.Model();
        model.eval();
        var stages = new BackboneStages(model);
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        for (var last = 0; last < model.LayerGroups.Count - 1; last++)
        {
            var expected = stages.Run(x, 0, last);
            var actual = Fused(model, new ExecutionPlan(last, ComputePrecision.Float32, ComputePrecision.Float32), x, last);
            Assert.Equal(expected.shape, actual.shape);
            var relative = ((actual - expected).norm() / expected.norm()).item<float>();
            Assert.True(relative < 1e-5, $"{model.LayerGroups[last].Name}: relative error {relative}");
        }
    }

    [Fact]
    public void FusionFoldsEveryBatchNormOfAResNetAndTheFlattenedFormToo()
    {
        var entry = Pretrained.Get(Pretrained.DefaultId);
        using var flat = Pretrained.Classifier(entry.Id, TinyData.Classes, inputSize: TinyData.Size, pooling: Pooling.Flatten);
        flat.eval();
        var batchNorms = flat.modules().OfType<BatchNorm2d>().Distinct().Count();
        Assert.Equal(22, batchNorms); // resnet-cntk [2,2,2,3]: the stem's, 9 blocks × 2 and 3 shortcuts'
        var plan = new ExecutionPlan(flat.LayerGroups.Count - 2, ComputePrecision.Float32, ComputePrecision.Float32);
        using (plan.Apply(flat, flat.LayerGroups))
        {
            Assert.Equal(batchNorms, flat.modules().OfType<FoldedBatchNorm>().Distinct().Count());
            Assert.Empty(flat.modules().OfType<BatchNorm2d>());
        }
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var last = flat.LayerGroups.Count - 2;
        var expected = new BackboneStages(flat).Run(x, 0, last);
        var actual = Fused(flat, plan, x, last);
        Assert.Equal(expected.shape, actual.shape); // [2, 512·2·2]: flattened, not pooled
        Assert.True(((actual - expected).norm() / expected.norm()).item<float>() < 1e-5);
    }

    [Fact]
    public void ABf16FusedPrefixStaysWithinBf16RoundingOfFp32()
    {
        using var model = TinyData.Model();
        model.eval();
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var expected = ((nn.Module<Tensor, Tensor>)model.Backbone).forward(x);
        var last = model.LayerGroups.Count - 2;
        var actual = Fused(model, new ExecutionPlan(last, ComputePrecision.BFloat16, ComputePrecision.Float32), x, last);
        var relative = ((actual - expected).norm() / expected.norm()).item<float>();
        // bf16 keeps 8 significand bits (relative rounding 2^-9 per operation); through 19 layers the features drift a few percent at most.
        Assert.InRange(relative, 1e-4, 0.05);
    }

    [Fact]
    public void FusingBottleneckBlocksKeepsTheirFunction()
    {
        // ResNet-50's blocks (1×1/3×3/1×1 and a downsampling shortcut), with BatchNorm statistics that are not the identity.
        using var model = new ImageClassifier(ModelSpec.For("resnet50", TinyData.Classes, pretrained: false, inputSize: TinyData.Size),
            new ResNetBackbone("bottleneck", [1, 1, 1, 1], bottleneck: true));
        using (no_grad())
            foreach (var (name, t) in model.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")))
                t.copy_(name.EndsWith("var") ? rand_like(t) + 0.5 : randn_like(t) * 0.1);
        model.eval();
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var last = model.LayerGroups.Count - 2;
        var expected = new BackboneStages(model).Run(x, 0, last);
        var actual = Fused(model, new ExecutionPlan(last, ComputePrecision.Float32, ComputePrecision.Float32), x, last);
        var relative = ((actual - expected).norm() / expected.norm()).item<float>();
        Assert.True(relative < 1e-5, $"relative error {relative}");
    }

    [Fact]
    public void APlanLeavesTheModelExactlyAsItWas()
    {
        using var model = TinyData.Model();
        model.eval();
        var names = model.state_dict().Keys.ToList();
        var tensors = model.state_dict().Values.Select(t => t.Handle).ToList();
        var children = model.modules().ToList();
        var before = WeightsFingerprint.Of(model);
        using var scope = NewDisposeScope();
        var x = Images();
        using var _ = no_grad();
        var logits = model.forward(x);
        foreach (var plan in new[] { new ExecutionPlan(4, ComputePrecision.BFloat16, ComputePrecision.BFloat16), new ExecutionPlan(-1, null, ComputePrecision.BFloat16) })
        {
            using (plan.Apply(model, model.LayerGroups))
            {
                Assert.NotEmpty(model.modules().OfType<StandIn>());
                // While it runs, checkpoints see the same names and the same tensors.
                Assert.Equal(names, model.state_dict().Keys.ToList());
                Assert.Equal(tensors, model.state_dict().Values.Select(t => t.Handle).ToList());
            }
            Assert.Equal(children, model.modules().ToList());
            Assert.Equal(names, model.state_dict().Keys.ToList());
            Assert.Equal(tensors, model.state_dict().Values.Select(t => t.Handle).ToList());
            Assert.Equal(before, WeightsFingerprint.Of(model));
            Assert.True(Tensors.Same(logits, model.forward(x)));
            Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        }
    }

    static Learner Learner(ComputePrecision inference) =>
        TinyData.Learner(options: new LearnerOptions { Seed = 1, CacheDirectory = null, InferencePrecision = inference, TrainPrecision = ComputePrecision.Float32 });

    static float[][] Probabilities(PredictionSet p) => p.Probabilities;

    [Theory]
    [InlineData(ComputePrecision.Auto)]
    [InlineData(ComputePrecision.Float32)]
    [InlineData(ComputePrecision.BFloat16)]
    public void TheSameWeightsGiveTheSamePredictionsWhateverIsFrozen(ComputePrecision precision)
    {
        using var learn = Learner(precision);
        var data = TinyData.TrainSet;
        learn.Unfreeze();
        var unfrozen = Probabilities(learn.GetPreds(data));
        learn.FreezeTo("layer4");
        var frozen = Probabilities(learn.GetPreds(data)); // stem … layer3 from the activation store
        learn.Freeze();
        var headOnly = Probabilities(learn.GetPreds(data)); // pooled features from the store
        Assert.Equal(unfrozen, frozen);
        Assert.Equal(unfrozen, headOnly);
    }

    [Fact]
    public void Fp32PredictionsAreTheModelsOwnForward()
    {
        using var learn = Learner(ComputePrecision.Auto);
        learn.FreezeTo("layer4");
        var data = TinyData.TrainSet;
        var preds = learn.GetPreds(data, precision: ComputePrecision.Float32);
        var model = learn.Model;
        model.eval();
        using var _ = no_grad();
        foreach (var batch in new DataLoader(data, ImagePipeline.ForEval(model.Preprocess.ForTest()), 32).Epoch(0))
            using (batch)
            {
                var expected = model.Head.Probabilities(model.forward(batch.Images));
                for (var k = 0; k < batch.Count; k++)
                {
                    var e = expected[k].data<float>().ToArray();
                    var a = preds.Probabilities[batch.Indices[k]];
                    // The same modules and kernels: equal up to the last bit of float rounding (measured: at most one ulp).
                    Assert.True(e.Zip(a).All(t => Math.Abs(t.First - t.Second) <= 1e-6), $"{string.Join(",", e)} vs {string.Join(",", a)}");
                }
            }
    }

    [Fact]
    public void TheLearnerRunsFrozenGroupsFusedWithOrWithoutACache()
    {
        var log = new List<string>();
        LearnerOptions Options(bool cache) => new() { CacheFrozenActivations = cache, CacheDirectory = null, Log = log.Add };
        using var cached = TinyData.Learner(options: Options(true));
        using var uncached = TinyData.Learner(options: Options(false));
        cached.FreezeTo("layer4");
        uncached.FreezeTo("layer4");
        var a = cached.Validate();
        var b = uncached.Validate();
        var fused = ComputePrecision.Auto.Resolve();
        Assert.Contains(log, l => l.Contains($"computed {fused.Short()}, channels-last, BatchNorm folded"));
        var digits = fused == ComputePrecision.Float32 ? 4 : 1;
        Assert.Equal(OwnLoss(cached), a.Loss, digits);
        Assert.Equal(OwnLoss(uncached), b.Loss, digits);
        Assert.Equal(a.Loss, b.Loss, 6); // the cache holds what the fused groups compute
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
