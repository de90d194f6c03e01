using NotebookKit.Evaluation;
using NotebookKit.Notebooks;

namespace NotebookKit.Tests.Notebooks;

/// <summary>
/// Every chapter's lesson claim can fail: each test runs the check a chapter uses, with the chapter's thresholds, on
/// predictions that negate its lesson (no fine-tuning, shuffled labels, the weaker setting swapped in), and asserts
/// the claim fails — and that the same check holds on predictions shaped like a run that shows the lesson.
/// </summary>
[Collection("console")]
public class LessonClaimTests
{
    static readonly string[] TwoClasses = ["cat", "dog"];
    static readonly string[] FiveClasses = ["daisy", "dandelion", "roses", "sunflowers", "tulips"];

    /// <summary>Predictions on <paramref name="n"/> photos (labels cycling through the classes): right where <paramref name="right"/> says, with that photo's confidence.</summary>
    static PredictionSet Predictions(string[] classes, int n, Func<int, bool> right, Func<int, float>? confidence = null)
    {
        var labels = Enumerable.Range(0, n).Select(i => i % classes.Length).ToArray();
        var probabilities = labels.Select((label, i) =>
        {
            var p = confidence?.Invoke(i) ?? 0.9f;
            var chosen = right(i) ? label : (label + 1) % classes.Length;
            return Enumerable.Range(0, classes.Length).Select(c => c == chosen ? p : (1 - p) / (classes.Length - 1)).ToArray();
        }).ToArray();
        return new PredictionSet(classes, [.. Enumerable.Range(0, n).Select(i => $"{i}.jpg")], labels, probabilities);
    }

    /// <summary>Right on the first <paramref name="correct"/> photos.</summary>
    static PredictionSet FirstRight(string[] classes, int n, int correct) => Predictions(classes, n, i => i < correct);

    /// <summary>A seeded coin per photo: a head on shuffled labels or random-init features, right about half the time.</summary>
    static PredictionSet Chance(string[] classes, int n, int seed)
    {
        var rng = new Random(seed);
        var right = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 1.0 / classes.Length).ToArray();
        return Predictions(classes, n, i => right[i]);
    }

    static void Holds(Action claim)
    {
        var previous = Lesson.Output;
        Lesson.Output = TextWriter.Null;
        try { claim(); }
        finally { Lesson.Output = previous; }
    }

    static void Fails(Action claim)
    {
        var previous = Lesson.Output;
        Lesson.Output = TextWriter.Null;
        try { Assert.Throws<ClaimFailedException>(claim); }
        finally { Lesson.Output = previous; }
    }

    [Fact]
    public void Chapter2_pretrained_features_beat_random_ones_fails_when_both_are_random()
    {
        static void Claim(PredictionSet with, PredictionSet without) => Lesson.ExpectGain("pretrained beat random-init by ≥ 20 points", with, without, minPoints: 20);
        Holds(() => Claim(FirstRight(TwoClasses, 200, 190), Chance(TwoClasses, 200, 1)));
        Fails(() => Claim(Chance(TwoClasses, 200, 2), Chance(TwoClasses, 200, 1)));        // random-init features swapped in
        Fails(() => Claim(FirstRight(TwoClasses, 200, 130), FirstRight(TwoClasses, 200, 100))); // a gain, but under 20 points
    }

    [Fact]
    public void Chapter4_the_finders_rate_beats_a_hundred_times_less_fails_when_the_slow_rate_is_swapped_in()
    {
        static void Claim(PredictionSet found, PredictionSet slow) => Lesson.ExpectGain("the finder's rate beats 100× less by ≥ 20 points", found, slow, minPoints: 20);
        Holds(() => Claim(FirstRight(FiveClasses, 100, 80), FirstRight(FiveClasses, 100, 30)));
        Fails(() => Claim(FirstRight(FiveClasses, 100, 30), FirstRight(FiveClasses, 100, 30))); // the slow rate on both sides
        Fails(() => Claim(FirstRight(FiveClasses, 100, 80), FirstRight(FiveClasses, 100, 65))); // a rate that hardly matters
    }

    [Fact]
    public void Chapter5_confident_answers_are_righter_fails_when_confidence_carries_no_information()
    {
        static void Claim(PredictionSet test) => Lesson.ExpectConfidentHalfBetter("the confident half is right more often", test);
        // A real model: its mistakes sit among its least confident answers.
        Holds(() => Claim(Predictions(FiveClasses, 100, i => i % 5 != 0 || i < 40, i => i % 5 != 0 || i < 40 ? 0.95f - i / 1000f : 0.4f)));
        // Shuffled labels: right and wrong answers equally confident, so the halves are alike.
        Fails(() => Claim(Predictions(FiveClasses, 100, i => i % 5 != 0, i => 0.9f - i / 1000f)));
        // Overconfident mistakes: the confident half is the worse one.
        Fails(() => Claim(Predictions(FiveClasses, 100, i => i % 2 == 0, i => i % 2 == 0 ? 0.5f : 0.99f)));
    }

    [Fact]
    public void Chapter6_the_frozen_recipe_clears_ninety_percent_fails_on_chance_a_weaker_head_or_too_few_photos()
    {
        static void Claim(PredictionSet test) => Lesson.ExpectAbove("the article's recipe gets more than 9 in 10 right", test, 0.9);
        Holds(() => Claim(FirstRight(TwoClasses, 200, 194)));   // full mode's 97.0%
        Fails(() => Claim(Chance(TwoClasses, 200, 3)));          // shuffled labels / random-init backbone
        Fails(() => Claim(FirstRight(TwoClasses, 200, 182)));   // 91%: above the bar, but not beyond noise
        Fails(() => Claim(FirstRight(TwoClasses, 24, 24)));     // 24 of 24: too few photos to show it
    }

    [Fact]
    public void Chapter7_fine_tuning_beats_the_frozen_baseline_fails_without_fine_tuning()
    {
        var baseline = FirstRight(FiveClasses, 100, 82);
        static void Claim(PredictionSet tuned, PredictionSet frozen) => Lesson.ExpectGain("fine-tuning beats the frozen baseline", tuned, frozen);
        Holds(() => Claim(Predictions(FiveClasses, 100, i => i < 80 || i is >= 82 and < 92), baseline)); // full mode's 10 fixed, 2 broken: p = 0.039
        Fails(() => Claim(baseline, baseline));                                                // no fine-tuning
        Fails(() => Claim(Predictions(FiveClasses, 40, i => i < 34), FirstRight(FiveClasses, 40, 33))); // the old quick run: 85.0% vs 82.5%
    }

    [Fact]
    public void Chapter7_more_probability_on_the_right_class_fails_without_fine_tuning()
    {
        static void Claim(PredictionSet tuned, PredictionSet frozen) => Lesson.ExpectMoreProbabilityOnTheRightClass("fine-tuning puts more probability on the right class", tuned, frozen);
        var frozen = Predictions(FiveClasses, 100, i => i < 84, i => 0.55f);
        Holds(() => Claim(Predictions(FiveClasses, 100, i => i < 91, i => 0.7f), frozen));          // surer and right more often
        Fails(() => Claim(frozen, frozen));                                                          // no fine-tuning
        Fails(() => Claim(Predictions(FiveClasses, 100, i => i < 84, i => i % 2 == 0 ? 0.75f : 0.35f), frozen)); // as sure on average, only noisier
        Fails(() => Claim(Predictions(FiveClasses, 20, i => i < 20, i => 0.9f), Predictions(FiveClasses, 20, i => i < 17, i => 0.55f))); // too few photos
    }

    [Fact]
    public void Chapter8_the_grids_settings_matter_fails_when_they_differ_by_a_photo()
    {
        static void Claim(double best, double worst) => Lesson.ExpectMargin("best beats worst by a tenth of validation", best, worst, 200, minPhotos: 20);
        Holds(() => Claim(0.975, 0.72));
        Fails(() => Claim(0.975, 0.97));  // one photo apart: the learning rate "does not matter"
        Fails(() => Claim(0.9, 0.9));
        Fails(() => Lesson.ExpectMargin("a one-photo lead", 0.5, 0.49, 100)); // the default margin is two photos
    }

    [Fact]
    public void Newcombes_interval_matches_the_published_example()
    {
        // Newcombe (1998), Statistics in Medicine 17:873, table II example (a): 56/70 vs 48/80 → 0.0524 to 0.3339.
        var d = Lesson.Difference(56, 70, 48, 80);
        Assert.Equal(0.0524, d.Low, 3);
        Assert.Equal(0.3339, d.High, 3);
    }

    [Fact]
    public void Interpret_prints_the_sentence_that_fits_the_outcome()
    {
        var text = new StringWriter();
        var previous = Lesson.Output;
        Lesson.Output = text;
        try
        {
            Lesson.Interpret(PairedComparison.Of(FirstRight(TwoClasses, 40, 40), FirstRight(TwoClasses, 40, 20)), "tuned", "frozen");
            Lesson.Interpret(PairedComparison.Of(FirstRight(TwoClasses, 40, 34), FirstRight(TwoClasses, 40, 33)), "tuned", "frozen");
            Lesson.Interpret(PairedComparison.Of(FirstRight(TwoClasses, 40, 33), FirstRight(TwoClasses, 40, 33)), "tuned", "frozen");
            Lesson.Interpret(false, "all found", "some missed");
        }
        finally { Lesson.Output = previous; }
        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("tuned is better beyond noise: a real gain", lines[0]);
        Assert.Equal("right or wrong alone does not tell tuned and frozen apart: 1 photo only tuned gets right, 0 only frozen (McNemar p = 1), within noise.", lines[1]);
        Assert.StartsWith("tuned and frozen are right on exactly the same photos", lines[2]);
        Assert.Equal("some missed", lines[3]);
    }
}
