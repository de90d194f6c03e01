using NotebookKit.Evaluation;
using NotebookKit.Notebooks;

namespace NotebookKit.Tests.Notebooks;

[Collection("console")]
public class LessonTests
{
    static PredictionSet Set(params int[] predicted) =>
        new(["a", "b"], [.. predicted.Select((_, i) => $"{i}.jpg")], [.. predicted.Select(_ => 0)], [.. predicted.Select(p => p == 0 ? new[] { 0.9f, 0.1f } : [0.1f, 0.9f])]);

    static string Held(Action check)
    {
        var previous = Lesson.Output;
        var text = new StringWriter();
        Lesson.Output = text;
        try { check(); }
        finally { Lesson.Output = previous; }
        return text.ToString();
    }

    [Fact]
    public void A_claim_that_holds_prints_one_line_and_one_that_fails_throws()
    {
        Assert.Equal("Claim held: x — 97.0% (needs ≥ 90.0%)" + Environment.NewLine, Held(() => Lesson.ExpectAtLeast("x", 0.97, 0.9)));
        var e = Assert.Throws<ClaimFailedException>(() => Lesson.ExpectAtLeast("plants ≥ 90%", 0.85, 0.9));
        Assert.StartsWith("Claim failed: plants ≥ 90% — 85.0%", e.Message);
    }

    [Fact]
    public void A_gain_must_be_beyond_noise_and_a_small_gap_is_called_noise()
    {
        var good = Set([.. Enumerable.Repeat(0, 40)]);            // 40 of 40 right
        var bad = Set([.. Enumerable.Repeat(0, 20), .. Enumerable.Repeat(1, 20)]); // 20 of 40
        var close = Set([.. Enumerable.Repeat(0, 38), 1, 1]);      // 38 of 40
        Assert.Contains("+50.0 points", Held(() => Lesson.ExpectGain("good beats bad", good, bad, minPoints: 20)));
        Assert.Throws<ClaimFailedException>(() => Lesson.ExpectGain("good beats close", good, close)); // 2 photos: p = 0.5
        Assert.Throws<ClaimFailedException>(() => Lesson.ExpectGain("good beats bad by 60", good, bad, minPoints: 60));
        Assert.Contains("within noise", Held(() => Lesson.ExpectNoWorse("close is no worse", close, good)));
        Assert.Throws<ClaimFailedException>(() => Lesson.ExpectNoWorse("bad is no worse", bad, good));
    }

    [Fact]
    public void McNemar_exact_p_values_match_the_binomial()
    {
        Assert.Equal(1.0, PairedComparison.ExactPValue(0, 0));
        Assert.Equal(0.5, PairedComparison.ExactPValue(2, 0), 12);        // 2·(1/4)
        Assert.Equal(22.0 / 1024, PairedComparison.ExactPValue(1, 9), 12); // 2·(1+10)/1024
        Assert.Equal(PairedComparison.ExactPValue(9, 1), PairedComparison.ExactPValue(1, 9));
        var c = PairedComparison.Of(Set(0, 0, 1), Set(0, 1, 1));
        Assert.Equal((1, 0), (c.OnlyA, c.OnlyB));
        Assert.Throws<ArgumentException>(() => PairedComparison.Of(Set(0, 0), Set(0, 0, 0)));
    }
}
