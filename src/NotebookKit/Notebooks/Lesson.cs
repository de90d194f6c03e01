using NotebookKit.Evaluation;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Notebooks;

/// <summary>A claim a chapter makes that the numbers just computed do not support: the cell, <c>notebooks run</c> and CI fail.</summary>
public sealed class ClaimFailedException(string message) : Exception(message);

/// <summary>
/// The claims a chapter's prose makes, checked live on the numbers the learner's run just computed (as Keras' guide
/// asserts that frozen weights do not change). A claim that holds prints one line starting <c>Claim held:</c> with its
/// evidence; one that does not throws <see cref="ClaimFailedException"/> (<c>Claim failed:</c> …). Comparisons of two
/// models on the same photos are paired (McNemar's exact test), so a gap within noise is called so, never a win.
/// </summary>
public static class Lesson
{
    /// <summary>Where held claims are printed (the console by default: a kernel shows it under the cell).</summary>
    public static TextWriter Output { get; set; } = Console.Out;

    /// <summary>The basic check: <paramref name="holds"/> decides, <paramref name="evidence"/> shows the numbers.</summary>
    public static void Expect(string claim, bool holds, string evidence)
    {
        if (!holds) throw new ClaimFailedException($"Claim failed: {claim} — {evidence}");
        Output.WriteLine($"Claim held: {claim} — {evidence}");
    }

    /// <summary>A value is at least <paramref name="minimum"/>; both are proportions, shown as percentages.</summary>
    public static void ExpectAtLeast(string claim, double value, double minimum) =>
        Expect(claim, value >= minimum, FormattableString.Invariant($"{100 * value:0.0}% (needs ≥ {100 * minimum:0.0}%)"));

    /// <summary>
    /// <paramref name="better"/> beats <paramref name="baseline"/> on the same photos by at least <paramref name="minPoints"/>
    /// accuracy points, and the gap is beyond noise (McNemar p &lt; <paramref name="alpha"/>).
    /// </summary>
    public static void ExpectGain(string claim, PredictionSet better, PredictionSet baseline, double minPoints = 0, double alpha = 0.05)
    {
        var c = PairedComparison.Of(better, baseline);
        Expect(claim, c.GainPoints >= minPoints && c.GainPoints > 0 && c.Significant(alpha), c.ToString());
    }

    /// <summary>
    /// <paramref name="candidate"/> is not worse than <paramref name="baseline"/>: ahead, level, or behind by a gap within
    /// noise (McNemar p ≥ <paramref name="alpha"/>), which the evidence says.
    /// </summary>
    public static void ExpectNoWorse(string claim, PredictionSet candidate, PredictionSet baseline, double alpha = 0.05)
    {
        var c = PairedComparison.Of(candidate, baseline);
        var noise = c.GainPoints < 0 ? "; the gap is within noise" : !c.Significant(alpha) ? "; the difference is within noise" : "";
        Expect(claim, c.GainPoints >= 0 || !c.Significant(alpha), c + noise);
    }

    /// <summary>The module's weights and buffers equal <paramref name="before"/> exactly (e.g. a frozen backbone after training).</summary>
    public static void ExpectUnchanged(string claim, ModelSnapshot before, nn.Module module)
    {
        var count = module.state_dict().Count;
        Expect(claim, before.Matches(module), before.Matches(module) ? $"all {count} tensors identical" : "some tensors changed");
    }
}
