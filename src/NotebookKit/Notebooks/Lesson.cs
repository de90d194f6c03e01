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
/// A chapter's lesson is stated with a check that can fail — <see cref="ExpectGain"/>, <see cref="ExpectAbove"/>,
/// <see cref="ExpectDifference"/> or <see cref="ExpectMargin"/> — and its tests run each on an input that negates the
/// lesson. <see cref="ExpectNoWorse"/> is for supporting claims whose point is "it costs nothing".
/// Sentences that interpret a run's outcome are printed by <see cref="Interpret(bool, string, string)"/>, never
/// written in the prose above it.
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
    /// <paramref name="better"/> gives the right class more probability than <paramref name="baseline"/>, photo by photo,
    /// beyond noise: the 95% interval of the mean paired difference (normal approximation, at least 30 photos) lies above
    /// zero. Every photo counts, not only the few the two classify differently, so it decides a gain that McNemar's
    /// test on a hundred photos leaves open.
    /// </summary>
    public static void ExpectMoreProbabilityOnTheRightClass(string claim, PredictionSet better, PredictionSet baseline)
    {
        if (!better.Labels.SequenceEqual(baseline.Labels) || !better.Paths.SequenceEqual(baseline.Paths))
            throw new ArgumentException("Both prediction sets must cover the same photos in the same order.", nameof(baseline));
        static double[] Right(PredictionSet s) => [.. s.Labels.Select((label, i) => (double)s.Probabilities[i][label])];
        var (after, before) = (Right(better), Right(baseline));
        var n = after.Length;
        var (meanAfter, meanBefore) = n == 0 ? (0, 0) : (after.Average(), before.Average());
        var mean = meanAfter - meanBefore;
        var sd = n < 2 ? 0 : Math.Sqrt(after.Zip(before, (a, b) => (a - b - mean) * (a - b - mean)).Sum() / (n - 1));
        var half = 1.96 * sd / Math.Sqrt(Math.Max(n, 1));
        Expect(claim, n >= 30 && mean - half > 0,
            $"mean probability of the right class {meanBefore:F3} → {meanAfter:F3} ({mean:+0.000;-0.000}, 95% CI {mean - half:+0.000;-0.000} to {mean + half:+0.000;-0.000}, paired over {n} photos)");
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

    /// <summary>
    /// The lower end of the 95% Wilson interval of <paramref name="predictions"/>' accuracy lies above
    /// <paramref name="minimum"/>: the accuracy beats that bar beyond the noise of the number of photos.
    /// </summary>
    public static void ExpectAbove(string claim, PredictionSet predictions, double minimum)
    {
        var correct = predictions.Labels.Zip(predictions.Predicted).Count(t => t.First == t.Second);
        ExpectAbove(claim, correct, predictions.Labels.Length, minimum);
    }

    /// <summary><paramref name="successes"/> of <paramref name="n"/>: the 95% Wilson interval lies above <paramref name="minimum"/>.</summary>
    public static void ExpectAbove(string claim, int successes, int n, double minimum)
    {
        var ci = Wilson.Interval(successes, n);
        Expect(claim, ci.Low > minimum, FormattableString.Invariant(
            $"{successes} of {n} = {100.0 * successes / n:0.0}%, 95% interval {100 * ci.Low:0.0}–{100 * ci.High:0.0}% (needs its lower end above {100 * minimum:0.0}%)"));
    }

    /// <summary>
    /// Two rates on different photos (e.g. the model's accuracy on its confident and on its unsure answers): the first is
    /// higher, and the 95% interval of the difference (Newcombe's hybrid score interval) excludes zero.
    /// </summary>
    public static void ExpectDifference(string claim, int successesA, int nA, int successesB, int nB)
    {
        var d = Difference(successesA, nA, successesB, nB);
        Expect(claim, d.Low > 0, FormattableString.Invariant(
            $"{successesA} of {nA} ({100.0 * successesA / nA:0.0}%) vs {successesB} of {nB} ({100.0 * successesB / nB:0.0}%): difference {100.0 * successesA / nA - 100.0 * successesB / nB:+0.0;-0.0;0.0} points, 95% interval {100 * d.Low:+0.0;-0.0;0.0} to {100 * d.High:+0.0;-0.0;0.0}"));
    }

    /// <summary>
    /// The model's probabilities mean something: sorted by the probability of the class it chose, the confident half of
    /// <paramref name="predictions"/> is right more often than the unsure half, beyond noise (<see cref="ExpectDifference"/>).
    /// </summary>
    public static void ExpectConfidentHalfBetter(string claim, PredictionSet predictions)
    {
        var predicted = predictions.Predicted;
        var order = Enumerable.Range(0, predicted.Length).OrderByDescending(i => predictions.Probabilities[i][predicted[i]]).ToArray();
        var (sure, unsure) = (order[..(order.Length / 2)], order[(order.Length / 2)..]);
        int Right(int[] photos) => photos.Count(i => predicted[i] == predictions.Labels[i]);
        Output.WriteLine(FormattableString.Invariant(
            $"confident half: p ≥ {predictions.Probabilities[sure[^1]][predicted[sure[^1]]]:0.00}; unsure half: p ≤ {predictions.Probabilities[unsure[0]][predicted[unsure[0]]]:0.00}"));
        ExpectDifference(claim, Right(sure), sure.Length, Right(unsure), unsure.Length);
    }

    /// <summary>Newcombe's hybrid score interval (his method 10) for the difference of two independent proportions.</summary>
    public static ConfidenceInterval Difference(int successesA, int nA, int successesB, int nB)
    {
        if (nA <= 0 || nB <= 0) throw new ArgumentException("Both groups need at least one photo.");
        var (pa, pb) = ((double)successesA / nA, (double)successesB / nB);
        var (a, b) = (Wilson.Interval(successesA, nA), Wilson.Interval(successesB, nB));
        return new ConfidenceInterval(pa - pb - Math.Sqrt(Math.Pow(pa - a.Low, 2) + Math.Pow(b.High - pb, 2)),
            pa - pb + Math.Sqrt(Math.Pow(a.High - pa, 2) + Math.Pow(pb - b.Low, 2)));
    }

    /// <summary>
    /// <paramref name="better"/> exceeds <paramref name="worse"/> (accuracies on the same <paramref name="photos"/> photos)
    /// by at least <paramref name="minPhotos"/> photos: a strict inequality that one lucky photo cannot decide.
    /// </summary>
    public static void ExpectMargin(string claim, double better, double worse, int photos, int minPhotos = 2)
    {
        var gap = (int)Math.Round((better - worse) * photos);
        Expect(claim, gap >= minPhotos, FormattableString.Invariant(
            $"{100 * better:0.0}% vs {100 * worse:0.0}% of {photos} photos: {gap:+0;-0;0} photos (needs ≥ +{minPhotos})"));
    }

    /// <summary>Prints the sentence that fits the run's outcome, under the number it interprets.</summary>
    public static void Interpret(bool outcome, string ifTrue, string ifFalse) => Output.WriteLine(outcome ? ifTrue : ifFalse);

    /// <summary>
    /// Prints what a paired comparison of <paramref name="a"/> and <paramref name="b"/> says: a real gain, a real loss,
    /// identical, or within noise. It judges right-or-wrong only, so "within noise" claims no tie: a finer measure (every
    /// photo's probability of its class) may still tell the two apart.
    /// </summary>
    public static void Interpret(PairedComparison c, string a, string b) => Output.WriteLine(
        c.OnlyA + c.OnlyB == 0 ? $"{a} and {b} are right on exactly the same photos: no difference in right or wrong."
        : c.Significant() ? $"{(c.GainPoints > 0 ? a : b)} is better beyond noise: a real gain ({c})."
        : FormattableString.Invariant($"right or wrong alone does not tell {a} and {b} apart: {PairedComparison.Photos(c.OnlyA)} only {a} gets right, {c.OnlyB} only {b} (McNemar p = {c.PValue:0.###}), within noise."));

    /// <summary>The module's weights and buffers equal <paramref name="before"/> exactly (e.g. a frozen backbone after training).</summary>
    public static void ExpectUnchanged(string claim, ModelSnapshot before, nn.Module module)
    {
        var count = module.state_dict().Count;
        Expect(claim, before.Matches(module), before.Matches(module) ? $"all {count} tensors identical" : "some tensors changed");
    }
}
