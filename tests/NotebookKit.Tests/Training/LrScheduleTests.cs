using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class LrScheduleTests
{
    static void Equal(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void ConstantIsOne() => Equal([1, 1, 1], LrSchedule.Constant.Preview(3));

    [Fact]
    public void StepDecaysEveryStepSize() => Equal([1, 1, 0.5, 0.5, 0.25], LrSchedule.Step(2, 0.5).Preview(5));

    [Fact]
    public void MultiStepDecaysAtMilestones() => Equal([1, 0.1, 0.1, 0.01, 0.01], LrSchedule.MultiStep([3, 1]).Preview(5));

    [Fact]
    public void ExponentialMultipliesEveryStep() => Equal([2, 1, 0.5, 0.25], LrSchedule.Exponential(0.5).Preview(4, baseLr: 2));

    [Fact]
    public void CosineFollowsCosineAnnealingLR() =>
        // 0.5·(1 + cos(π·t/4)) for t = 0…3, down to min 0.2: 0.2 + 0.8·that
        Equal([1, 0.2 + 0.8 * (1 + Math.Sqrt(0.5)) / 2, 0.6, 0.2 + 0.8 * (1 - Math.Sqrt(0.5)) / 2], LrSchedule.Cosine(0.2).Preview(4));

    [Fact]
    public void CosineRestartsStartsOverEachCycle() =>
        // cycles of 2 then 4 steps: [1, .5], [1, .8536, .5, .1464], [1 …
        Equal([1, 0.5, 1, (1 + Math.Sqrt(0.5)) / 2, 0.5, (1 - Math.Sqrt(0.5)) / 2, 1], LrSchedule.CosineWithRestarts(2, 2).Preview(7));

    [Fact]
    public void OneCycleMatchesPyTorchOneCycleLR()
    {
        // torch.optim.lr_scheduler.OneCycleLR(max_lr=1, total_steps=10, pct_start=0.3, div_factor=25, final_div_factor=1e4,
        // anneal_strategy='cos', cycle_momentum=False): peak at step 2 (= 0.3·10 − 1), minimum 4e-6 at step 9.
        static double Cos(double a, double b, double p) => b + (a - b) / 2 * (Math.Cos(Math.PI * p) + 1);
        var expected = new double[10];
        for (var s = 0; s < 10; s++) expected[s] = s <= 2 ? Cos(0.04, 1, s / 2.0) : Cos(1, 4e-6, (s - 2) / 7.0);
        Equal(expected, LrSchedule.OneCycle().Preview(10));
        Assert.Equal(0.04, expected[0], 12);
        Assert.Equal(0.52, expected[1], 12);
        Assert.Equal(1.0, expected[2], 12);
        Assert.Equal(4e-6, expected[9], 12);
    }

    [Fact]
    public void WarmupRisesLinearlyThenRunsTheRestOnTheRemainingSteps() =>
        // 4 warm-up steps from 0.2, then a 4-step cosine: 1, .8536, .5, .1464
        Equal([0.2, 0.4, 0.6, 0.8, 1, (1 + Math.Sqrt(0.5)) / 2, 0.5, (1 - Math.Sqrt(0.5)) / 2], LrSchedule.Cosine().WithWarmup(4, 0.2).Preview(8));

    [Fact]
    public void WarmupComposesWithStep() => Equal([0, 0.5, 1, 1, 0.1], LrSchedule.Step(2).WithWarmup(2).Preview(5));
}

public class LrScheduleParserTests
{
    [Theory]
    [InlineData("constant", "constant")]
    [InlineData("one-cycle", "one-cycle(0.3)")]
    [InlineData("step:2:0.5", "step(20, 0.5)")]
    [InlineData("cosine-restarts:1:2", "cosine-restarts(10×2)")]
    public void NamesParseWithEpochsConvertedToSteps(string text, string expected) =>
        Assert.Equal(expected, LrScheduleParser.Parse(text, stepsPerEpoch: 10).ToString());

    [Fact]
    public void ExponentialGammaIsPerEpochAndWarmupIsInEpochs()
    {
        var s = LrScheduleParser.Parse("exponential:0.5", stepsPerEpoch: 4, warmupEpochs: 0.5);
        Assert.Equal(0.5, s.Multiplier(1, 100), 12);     // warm-up: 2 steps from 0
        Assert.Equal(0.5, s.Multiplier(2 + 4, 100), 12); // one epoch after warm-up: ×0.5
        Assert.Throws<ArgumentException>(() => LrScheduleParser.Parse("wavy", 4));
    }
}
