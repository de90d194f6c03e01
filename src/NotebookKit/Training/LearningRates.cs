namespace NotebookKit.Training;

/// <summary>
/// Base learning rate of each layer group (stem, layer1 … head) — discriminative learning rates. The spread
/// covers every group, frozen or not, so a group keeps its rate when the groups before it are unfrozen
/// (as fastai spreads <c>slice(lo, hi)</c> over all parameter groups). A plain number converts to one rate for all.
/// </summary>
public abstract record LearningRates
{
    /// <summary>One learning rate per group, first group first.</summary>
    public abstract double[] For(int groups);

    /// <summary>The head's rate (the largest in a fastai-style spread).</summary>
    public double Head => For(1)[0];

    public static implicit operator LearningRates(double lr) => Uniform(lr);

    public static LearningRates Uniform(double lr) => new UniformRates(lr);

    /// <summary>fastai's <c>slice(lo, hi)</c>: geometric from <paramref name="lo"/> on the first group to <paramref name="hi"/> on the head.</summary>
    public static LearningRates Slice(double lo, double hi) => new GeometricRates(lo, hi);

    /// <summary>fastai's <c>slice(hi)</c>: <paramref name="hi"/>/10 for every group but the head, which gets <paramref name="hi"/>.</summary>
    public static LearningRates Slice(double hi) => new HeadBoostRates(hi);

    /// <summary>An explicit rate for each group; the count must match the model's groups.</summary>
    public static LearningRates PerGroup(params double[] rates) => new ExplicitRates(rates);
}

public sealed record UniformRates(double Lr) : LearningRates
{
    public override double[] For(int groups) => Enumerable.Repeat(Lr, groups).ToArray();
    public override string ToString() => Lr.ToString("G3");
}

public sealed record GeometricRates(double Lo, double Hi) : LearningRates
{
    public override double[] For(int groups) => groups == 1
        ? [Hi]
        : [.. Enumerable.Range(0, groups).Select(i => Lo * Math.Pow(Hi / Lo, (double)i / (groups - 1)))];

    public override string ToString() => $"slice({Lo:G3}, {Hi:G3})";
}

public sealed record HeadBoostRates(double Hi) : LearningRates
{
    public override double[] For(int groups) => [.. Enumerable.Repeat(Hi / 10, groups - 1), Hi];
    public override string ToString() => $"slice({Hi:G3})";
}

public sealed record ExplicitRates(IReadOnlyList<double> Rates) : LearningRates
{
    public override double[] For(int groups) => groups == 1 ? [Rates[^1]]
        : Rates.Count == groups ? [.. Rates]
        : throw new ArgumentException($"{Rates.Count} learning rates were given for {groups} layer groups.");

    public override string ToString() => $"[{string.Join(", ", Rates.Select(r => r.ToString("G3")))}]";
}
