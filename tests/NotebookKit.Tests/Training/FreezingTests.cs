using NotebookKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public class FreezingTests
{
    static bool[] Trainable(Learner l) => [.. l.Groups.Select(g => g.Parameters().Any(p => p.requires_grad))];

    [Fact]
    public void FreezeStrategiesSetWhichGroupsTrain()
    {
        using var l = TinyData.Learner();
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], l.Groups.Select(g => g.Name));
        Assert.All(Trainable(l), Assert.True);

        l.Freeze();
        Assert.Equal([false, false, false, false, false, true], Trainable(l));
        l.FreezeTo("layer4");
        Assert.Equal([false, false, false, false, true, true], Trainable(l));
        l.FreezeTo(2);
        Assert.Equal([false, false, true, true, true, true], Trainable(l));
        l.FreezeTo(-3);
        Assert.Equal(3, l.FrozenCount);
        l.Unfreeze();
        Assert.All(Trainable(l), Assert.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => l.FreezeTo(6));
        Assert.Throws<ArgumentException>(() => l.FreezeTo("fc"));
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("backbone", 5)]
    [InlineData("from:layer4", 4)]
    [InlineData("from:stem", 0)]
    [InlineData("FROM:layer1", 1)]
    public void FreezeSpecsNameTheFrozenPrefix(string text, int frozen)
    {
        using var l = TinyData.Learner();
        FreezeSpec.Parse(text).ApplyTo(l);
        Assert.Equal(frozen, l.FrozenCount);
    }

    [Fact]
    public void FreezeSpecRejectsNonsense()
    {
        Assert.Throws<ArgumentException>(() => FreezeSpec.Parse("half"));
        var gone = Assert.Throws<ArgumentException>(() => FreezeSpec.Parse("upto:layer3"));
        Assert.Contains("from:layer4", gone.Message); // the one convention, named in the fix
        using var l = TinyData.Learner();
        Assert.Throws<ArgumentException>(() => FreezeSpec.Parse("from:fc").ApplyTo(l));
    }

    [Fact]
    public void FreezeToAndFreezeSpecFromMeanTheSameAndFrozenGroupsAreInEvalModeAtOnce()
    {
        using var a = TinyData.Learner();
        using var b = TinyData.Learner();
        a.Model.train();
        b.Model.train();
        a.FreezeTo("layer4");
        FreezeSpec.From("layer4").ApplyTo(b);
        Assert.Equal(a.FrozenCount, b.FrozenCount);
        bool[] Training(Learner l) => [.. l.Groups.Select(g => g.Modules.SelectMany(m => m.modules().Prepend(m)).Any(m => m.training))];
        Assert.Equal([false, false, false, false, true, true], Training(a)); // before any fit: what the inspector shows is what a fit runs
        a.Unfreeze();
        Assert.All(Training(a), Assert.True);
    }

    [Fact]
    public void FrozenWeightsAndBatchNormStatisticsDoNotChangeWhileTheRestTrains()
    {
        // No activation cache: the frozen prefix runs in every step, so the BatchNorm policy is what keeps it fixed.
        using var l = TinyData.Learner(options: new LearnerOptions { CacheFrozenActivations = false, Optimizer = OptimizerSpec.Sgd(weightDecay: 1e-2) });
        l.FreezeTo("layer4");
        var before = l.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        l.Fit(1, 0.05);

        var after = l.Model.state_dict();
        string[] frozen = ["backbone.conv1.", "backbone.bn1.", "backbone.layer1.", "backbone.layer2.", "backbone.layer3."];
        foreach (var (name, value) in after.Where(kv => frozen.Any(kv.Key.StartsWith)))
            Assert.True(Tensors.Same(value, before[name]), $"{name} changed although frozen");
        Assert.Contains(after.Keys, k => k.StartsWith("backbone.layer3.") && k.EndsWith("running_mean"));
        Assert.False(Tensors.Same(after["backbone.layer4.0.conv1.weight"], before["backbone.layer4.0.conv1.weight"]));
        Assert.False(Tensors.Same(after["backbone.layer4.0.bn1.running_mean"], before["backbone.layer4.0.bn1.running_mean"]));
        Assert.False(Tensors.Same(after["backbone.layer4.0.bn1.running_var"], before["backbone.layer4.0.bn1.running_var"]));
    }

    [Fact]
    public void FrozenGroupsRunInInferenceModeWhileTheRestTrains()
    {
        // Dropout or stochastic depth in a frozen group must be off, or the uncached forward would differ from its cache.
        using var l = TinyData.Learner(options: new LearnerOptions { CacheFrozenActivations = false });
        l.FreezeTo("layer4");
        bool[]? seen = null;
        l.Fit(1, 1e-3, callbacks: [new Hook(batchEnd: (_, _) => seen ??= [.. l.Groups.Select(g => g.Modules.SelectMany(m => m.modules().Prepend(m)).Any(m => m.training))])]);
        Assert.Equal([false, false, false, false, true, true], seen!);
    }

    [Fact]
    public void TrainFrozenBatchNormLetsFrozenBatchNormLayersTrain()
    {
        using var l = TinyData.Learner(options: new LearnerOptions { TrainFrozenBatchNorm = true, Optimizer = OptimizerSpec.Sgd() });
        l.Freeze();
        var conv = l.Model.state_dict()["backbone.conv1.weight"].detach().clone();
        var mean = l.Model.state_dict()["backbone.bn1.running_mean"].detach().clone();
        var gamma = l.Model.state_dict()["backbone.bn1.weight"].detach().clone();
        l.Fit(1, 0.05);
        Assert.StartsWith("cached decoded images", l.TrainingPath); // BatchNorm trains, so only the images can be cached, never the prefix's output
        Assert.True(Tensors.Same(l.Model.state_dict()["backbone.conv1.weight"], conv));
        Assert.False(Tensors.Same(l.Model.state_dict()["backbone.bn1.running_mean"], mean));
        Assert.False(Tensors.Same(l.Model.state_dict()["backbone.bn1.weight"], gamma));
    }

    [Fact]
    public void ParameterGroupsSplitDecayAndGetDiscriminativeRates()
    {
        using var l = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Sgd(weightDecay: 1e-4) });
        l.FreezeTo("layer3");
        var history = l.Fit(1, LearningRates.Slice(1e-4, 1e-2));

        Assert.All(l.ParameterGroups, g => Assert.True(g.LayerGroupIndex >= 3));
        Assert.All(l.ParameterGroups.Where(g => g.Decay).SelectMany(g => g.Parameters), p => Assert.True(p.dim() > 1));
        Assert.All(l.ParameterGroups.Where(g => !g.Decay).SelectMany(g => g.Parameters), p => Assert.True(p.dim() <= 1));
        var trainable = l.Groups.Skip(3).Sum(g => g.Parameters().Count());
        Assert.Equal(trainable, l.ParameterGroups.Sum(g => g.Parameters.Count));
        // slice(1e-4, 1e-2) over 6 groups is 1e-4·100^(i/5); layer3, layer4 and head train.
        var expected = new[] { 3, 4, 5 }.Select(i => 1e-4 * Math.Pow(100, i / 5.0)).ToArray();
        Assert.Equal(expected.Length, history[0].LearningRates!.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], history[0].LearningRates![i], 12);
    }

    [Fact]
    public void FineTuneTrainsTheHeadThenEverythingWithSpreadRates()
    {
        using var l = TinyData.Learner();
        var history = l.FineTune(1, baseLr: 1e-3, freezeEpochs: 1);
        Assert.Equal(["frozen", "unfrozen"], history.Select(h => h.Stage));
        Assert.Single(history[0].LearningRates!);
        var rates = history[1].LearningRates!;
        Assert.Equal(6, rates.Count);
        Assert.Equal(100, rates[^1] / rates[0], 9);
        Assert.Equal(0, l.FrozenCount);
    }

    [Fact]
    public void GradualUnfreezingUnfreezesOneGroupPerStage()
    {
        using var l = TinyData.Learner();
        var history = l.GradualUnfreeze(1, stages: 2);
        Assert.Equal(["from head", "from layer4"], history.Select(h => h.Stage));
        Assert.Equal([1, 2], history.Select(h => h.LearningRates!.Count));
        Assert.Equal(4, l.FrozenCount);
    }
}
