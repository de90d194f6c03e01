namespace NotebookKit.Training;

/// <summary>
/// A learning-rate schedule: a pure function of (step, total steps of the fit) → multiplier of each parameter
/// group's base learning rate. Steps are optimizer iterations (batches), counted from 0 at the start of a fit;
/// <see cref="Learner.StepsPerEpoch"/> converts epochs. Pure functions can be previewed and plotted before training.
/// </summary>
public abstract record LrSchedule
{
    /// <summary>Multiplier of the base learning rate at <paramref name="step"/> (0-based) of a fit lasting <paramref name="totalSteps"/>.</summary>
    public abstract double Multiplier(int step, int totalSteps);

    /// <summary>The learning rate at every step of a fit, for plotting before training.</summary>
    public double[] Preview(int totalSteps, double baseLr = 1.0) =>
        [.. Enumerable.Range(0, totalSteps).Select(s => baseLr * Multiplier(s, totalSteps))];

    /// <summary>Linear warm-up from <paramref name="startFactor"/>·lr to lr over <paramref name="steps"/>, then this schedule over the remaining steps.</summary>
    public LrSchedule WithWarmup(int steps, double startFactor = 0.0) => new WarmupSchedule(steps, startFactor, this);

    /// <summary>The same learning rate throughout.</summary>
    public static LrSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>PyTorch's StepLR: multiplied by <paramref name="gamma"/> every <paramref name="stepSize"/> steps.</summary>
    public static LrSchedule Step(int stepSize, double gamma = 0.1) => new StepSchedule(stepSize, gamma);

    /// <summary>PyTorch's MultiStepLR: multiplied by <paramref name="gamma"/> at each milestone step.</summary>
    public static LrSchedule MultiStep(IReadOnlyList<int> milestones, double gamma = 0.1) => new MultiStepSchedule([.. milestones.Order()], gamma);

    /// <summary>PyTorch's ExponentialLR: multiplied by <paramref name="gamma"/> every step.</summary>
    public static LrSchedule Exponential(double gamma) => new ExponentialSchedule(gamma);

    /// <summary>PyTorch's CosineAnnealingLR over the whole fit, from lr down towards <paramref name="minFactor"/>·lr.</summary>
    public static LrSchedule Cosine(double minFactor = 0.0) => new CosineSchedule(minFactor);

    /// <summary>PyTorch's CosineAnnealingWarmRestarts (SGDR): cycles of <paramref name="firstCycle"/> steps, each <paramref name="cycleMult"/>× longer than the last.</summary>
    public static LrSchedule CosineWithRestarts(int firstCycle, int cycleMult = 1, double minFactor = 0.0) => new CosineRestartsSchedule(firstCycle, cycleMult, minFactor);

    /// <summary>
    /// PyTorch's OneCycleLR (cosine annealing, two phases): from lr/<paramref name="divFactor"/> up to lr over the first
    /// <paramref name="pctStart"/> of the steps, then down to lr/(<paramref name="divFactor"/>·<paramref name="finalDivFactor"/>).
    /// Momentum is not cycled.
    /// </summary>
    public static LrSchedule OneCycle(double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4) => new OneCycleSchedule(pctStart, divFactor, finalDivFactor);

    /// <summary>Cosine interpolation from <paramref name="start"/> (pct 0) to <paramref name="end"/> (pct 1), as PyTorch's _annealing_cos.</summary>
    internal static double CosineAnneal(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);
}
