using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;
using TorchSharp;
using BatchNorm2d = TorchSharp.Modules.BatchNorm2d;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

/// <summary>
/// bf16 mixed precision of trainable layers (<see cref="LearnerOptions.TrainPrecision"/>) against the fp32 path: one
/// plain-SGD step (no momentum, no decay) moves every master weight by −lr × its gradient, so the weights' changes
/// compare the two paths' gradients.
/// </summary>
[Collection(TorchCollection.Name)]
public class MixedPrecisionTests
{
    const double Lr = 0.01;

    static Learner Unfrozen(ComputePrecision precision, List<string>? log = null)
    {
        var learn = TinyData.Learner(head: new HeadSpec(16), batchSize: 4, options: new LearnerOptions
        {
            Seed = 1, Optimizer = OptimizerSpec.Sgd(momentum: 0), TrainPrecision = precision, InferencePrecision = ComputePrecision.Float32,
            CacheDirectory = null, Log = log is null ? null : log.Add,
        });
        learn.Unfreeze();
        return learn;
    }

    static Dictionary<string, Tensor> State(nn.Module model) => model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    /// <summary>The master weights' change in one step (−lr × gradient), by name.</summary>
    static (Dictionary<string, Tensor> Steps, Dictionary<string, Tensor> After, double Loss) OneStep(Learner learn)
    {
        var before = State(learn.Model);
        var record = learn.Fit(1, Lr)[0];
        Assert.Equal(1, learn.Iteration); // four images, batch of four: one step
        var after = State(learn.Model);
        var steps = learn.Model.named_parameters().ToDictionary(p => p.name, p => after[p.name] - before[p.name]);
        return (steps, after, record.TrainLoss);
    }

    static double Cosine(Tensor a, Tensor b) => (a * b).sum().item<float>() / (a.norm().item<float>() * b.norm().item<float>() + 1e-30);

    [Fact]
    public void Bf16StepGivesTheFp32GradientsWithinBf16Rounding()
    {
        using var fp32 = Unfrozen(ComputePrecision.Float32);
        using var bf16 = Unfrozen(ComputePrecision.BFloat16);
        Assert.Equal(ComputePrecision.Float32, fp32.TrainPrecision);
        Assert.Equal(ComputePrecision.BFloat16, bf16.TrainPrecision);
        var (exact, _, exactLoss) = OneStep(fp32);
        var (mixed, _, mixedLoss) = OneStep(bf16);
        Assert.Equal(exactLoss, mixedLoss, exactLoss * 0.02); // logits in bf16 (8 bits of mantissa), loss in fp32
        var names = exact.Keys.ToList();
        Assert.Equal(names, mixed.Keys.ToList());
        var all = Cosine(cat(names.Select(n => exact[n].flatten()).ToList()), cat(names.Select(n => mixed[n].flatten()).ToList()));
        // Measured: 0.978 over all parameters, 0.96 … 1.00 per parameter (4 images at 64 px; BatchNorm over
        // 16 values per channel in layer4 amplifies bf16's rounding). A step that missed the master weights would be 0.
        Assert.True(all > 0.95, $"all gradients: cosine {all:F4}");
        foreach (var n in names)
        {
            Assert.Equal(ScalarType.Float32, mixed[n].dtype);
            var c = Cosine(exact[n], mixed[n]);
            Assert.True(c > 0.9, $"{n}: cosine {c:F4} between the fp32 and the bf16 step");
            // Norms within 9 % with ImageSharp's decode, one at 1.20 with libjpeg-turbo's (pixels a level apart): on 4 images the
            // per-parameter norm is noisy, so the bound only catches a step off by a factor (a lost scale, a missed master weight).
            var ratio = mixed[n].norm().item<float>() / exact[n].norm().item<float>();
            Assert.True(ratio is > 0.75f and < 1.33f, $"{n}: norm ratio {ratio:F3} between the bf16 and the fp32 step");
        }
    }

    [Fact]
    public void MasterWeightsAndBatchNormStatisticsStayFp32AndTrain()
    {
        using var bf16 = Unfrozen(ComputePrecision.BFloat16);
        using var fp32 = Unfrozen(ComputePrecision.Float32);
        var before = State(bf16.Model);
        var names = bf16.Model.state_dict().Keys.ToList();
        var handles = bf16.Model.state_dict().Values.Select(t => t.Handle).ToList();
        var (steps, after, _) = OneStep(bf16);
        // The model after a bf16 fit: the same names, the same fp32 tensors, which the optimizer updated in place.
        Assert.Equal(names, bf16.Model.state_dict().Keys.ToList());
        Assert.Equal(handles, bf16.Model.state_dict().Values.Select(t => t.Handle).ToList());
        Assert.Empty(bf16.Model.modules().OfType<StandIn>());
        var (_, exactAfter, _) = OneStep(fp32);
        foreach (var (name, p) in bf16.Model.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(steps[name].abs().max().item<float>() > 0, $"{name} did not change");
        }
        var stats = before.Keys.Where(k => k.EndsWith("running_mean") || k.EndsWith("running_var")).ToList();
        Assert.Equal(2 * 22, stats.Count); // resnet-cntk [2,2,2,3]: the stem's, 9 blocks × 2 and 3 shortcuts' BatchNorms
        foreach (var k in stats)
        {
            Assert.Equal(ScalarType.Float32, after[k].dtype);
            Assert.False(Tensors.Same(before[k], after[k]), $"{k} did not update");
            // The statistics of bf16 activations: within bf16 rounding of the fp32 path's.
            var tolerance = 0.02 * exactAfter[k].abs().max().item<float>() + 1e-3;
            Assert.True((after[k] - exactAfter[k]).abs().max().item<float>() <= tolerance, $"{k} drifted from the fp32 statistics");
        }
    }

    /// <summary>A BatchNorm of layer4 sees bf16 input in bf16 training steps only: fp32 training, and validation and predictions in fp32 (<see cref="LearnerOptions.InferencePrecision"/>), stay fp32.</summary>
    [Fact]
    public void OnlyTrainingStepsOfABf16LearnerComputeInBf16()
    {
        foreach (var precision in new[] { ComputePrecision.Float32, ComputePrecision.BFloat16 })
        {
            using var learn = Unfrozen(precision);
            var seen = new List<(bool Training, ScalarType Input)>();
            var bn = learn.Model.named_modules().First(m => m.name.Contains("layer4") && m.module is BatchNorm2d).module as BatchNorm2d;
            // The plan's one-image probe (a batch of 1, when a plan swaps modules) is not a step: only batches of four count.
            bn!.register_forward_hook((m, input, _) => { if (input.shape[0] > 1) seen.Add((m.training, input.dtype)); return null!; });
            learn.Fit(1, Lr);
            learn.GetPreds(TinyData.TestSet);
            var train = precision == ComputePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
            Assert.Equal([(true, train), (false, ScalarType.Float32), (false, ScalarType.Float32)], seen);
        }
    }

    /// <summary>The head trained alone (on cached features) stays fp32 whatever the precision: its ReLU sees fp32 input.</summary>
    [Fact]
    public void TheHeadTrainedAloneStaysFp32()
    {
        using var learn = Unfrozen(ComputePrecision.BFloat16);
        learn.Freeze();
        var seen = new List<ScalarType>();
        var relu = learn.Model.Head.named_modules().First(m => m.module is TorchSharp.Modules.ReLU).module as nn.Module<Tensor, Tensor>;
        relu!.register_forward_hook((_, input, _) => { seen.Add(input.dtype); return null!; });
        learn.Fit(1, Lr);
        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal(ScalarType.Float32, t));
    }

    /// <summary>A model with a layer the autocast stand-ins cannot serve (a reflect-padded convolution) trains in fp32, exactly as asked for fp32, and says so.</summary>
    [Fact]
    public void AModelThatCannotAutocastFallsBackToFp32()
    {
        var log = new List<string>();
        Learner Reflecting(ComputePrecision precision)
        {
            manual_seed(1);
            var entry = Pretrained.Get("lenet5");
            var model = new ImageClassifier(ModelSpec.For(entry.Id, TinyData.Classes, pretrained: false), new ReflectBackbone());
            var eval = ImagePipeline.ForEval(model.Preprocess);
            var learn = new Learner(model, new DataLoader(TinyData.TrainSet, eval, 2, shuffle: true, seed: 1), new DataLoader(TinyData.ValSet, eval, 2),
                options: new LearnerOptions { Seed = 1, Optimizer = OptimizerSpec.Sgd(), TrainPrecision = precision, InferencePrecision = ComputePrecision.Float32, CacheDirectory = null, Log = log.Add });
            learn.Unfreeze();
            return learn;
        }
        using var asked = Reflecting(ComputePrecision.BFloat16);
        using var fp32 = Reflecting(ComputePrecision.Float32);
        asked.Fit(1, Lr);
        fp32.Fit(1, Lr);
        Assert.Contains(log, l => l.Contains("ReflectBackbone cannot run as planned") && l.Contains("fp32"));
        var (a, b) = (State(asked.Model), State(fp32.Model));
        Assert.All(a.Keys, k => Assert.True(Tensors.Same(a[k], b[k]), k));
    }

    /// <summary>One reflect-padded convolution, BatchNorm, ReLU and global pooling.</summary>
    sealed class ReflectBackbone : nn.Module<Tensor, Tensor>, IBackbone
    {
        readonly nn.Module<Tensor, Tensor> conv = nn.Conv2d(3, 8, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        readonly nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(8);

        public ReflectBackbone() : base(nameof(ReflectBackbone)) => RegisterComponents();
        public int FeatureCount => 8;
        public IReadOnlyList<LayerGroup> LayerGroups => [new("body", [conv, bn])];
        public Tensor ForwardGroup(int index, Tensor x) => nn.functional.adaptive_avg_pool2d(nn.functional.relu(bn.call(conv.call(x))), 1).flatten(1);
        public override Tensor forward(Tensor x) => ForwardGroup(0, x);
    }

    /// <summary>Any model made of convolutions, linear layers and BatchNorms autocasts: the stand-ins replace layers, whatever the architecture.</summary>
    [Fact]
    public void OtherArchitecturesAutocastToo()
    {
        foreach (var id in new[] { "mobilenet_v2", "lenet5" })
        {
            var log = new List<string>();
            var model = Pretrained.Classifier(id, TinyData.Classes, pretrained: false, seed: 1);
            var eval = ImagePipeline.ForEval(model.Preprocess.WithInputSize(Math.Min(64, model.Preprocess.InputSize)));
            using var learn = new Learner(model, new DataLoader(TinyData.TrainSet, eval, 2), new DataLoader(TinyData.ValSet, eval, 2),
                options: new LearnerOptions { Seed = 1, TrainPrecision = ComputePrecision.BFloat16, InferencePrecision = ComputePrecision.Float32, CacheDirectory = null, Log = log.Add });
            learn.Unfreeze();
            learn.Fit(1, Lr);
            Assert.DoesNotContain(log, l => l.Contains("cannot run as planned"));
            Assert.Equal(ComputePrecision.BFloat16, learn.FitPlan!.Trainable);
        }
    }

    /// <summary>Bottleneck blocks (ResNet-50) autocast too: bf16 logits close to fp32's, fp32 gradients on every parameter, the model as it was afterwards.</summary>
    [Fact]
    public void ABottleneckResNetAutocasts()
    {
        using var model = Pretrained.Classifier("resnet50", TinyData.Classes, pretrained: false, seed: 1);
        model.eval(); // fixed BatchNorm statistics, so the two passes compute the same function
        manual_seed(2);
        var x = randn(2, 3, 64, 64);
        var exact = model.forward(x).detach();
        Tensor logits;
        using (new ExecutionPlan(-1, null, ComputePrecision.BFloat16).Apply(model, model.LayerGroups))
            logits = model.forward(x.to(ScalarType.BFloat16));
        Assert.Empty(model.modules().OfType<StandIn>());
        Assert.Equal(ScalarType.BFloat16, logits.dtype);
        var error = (logits.to(ScalarType.Float32) - exact).abs().max().item<float>();
        Assert.True(error <= 0.05 * exact.abs().max().item<float>() + 1e-3, $"bf16 logits {error} away from fp32's");
        logits.to(ScalarType.Float32).sum().backward();
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.grad!.dtype));
    }

    [Fact]
    public void TrainingPrecisionHasItsOwnOverride()
    {
        Assert.Equal(ComputePrecision.Float32, ComputePrecision.Float32.ResolveTraining());
        Assert.Equal(ComputePrecision.BFloat16, ComputePrecision.BFloat16.ResolveTraining());
        if (Environment.GetEnvironmentVariable(ComputePrecisions.TrainEnvironmentVariable) is not null) return; // a user's override decides instead
        Assert.Equal(ComputePrecision.BFloat16, ComputePrecision.Auto.ResolveTraining(CpuFeatures.Parse("flags\t: avx2 avx512f avx512_bf16\n")));
        Assert.Equal(ComputePrecision.Float32, ComputePrecision.Auto.ResolveTraining(CpuFeatures.Parse("flags\t: avx2\n")));
    }
}
