using NotebookKit.Evaluation;
using Xunit;

namespace NotebookKit.Tests.Evaluation;

public class ClassificationReportTests
{
    private const double Tol = 1e-9;
    private static readonly string[] Animals = ["cat", "dog", "bird"];

    // Confusion matrix by hand: cat [3,1,0], dog [1,1,0], bird [0,1,3].
    internal static readonly int[] YTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
    internal static readonly int[] YPred = [0, 0, 1, 1, 0, 2, 2, 1, 2, 0];

    internal static ClassificationReport Animal(int? bootstrap = null) =>
        ClassificationReport.Compute(Animals, YTrue, YPred, bootstrapSamples: bootstrap);

    [Fact]
    public void Confusion_matrix_counts_and_row_normalisation()
    {
        var r = Animal();
        Assert.Equal([[3, 1, 0], [1, 1, 0], [0, 1, 3]], r.ConfusionMatrix);
        var norm = r.NormalizedConfusionMatrix;
        Assert.Equal([0.75, 0.25, 0.0], norm[0]);
        Assert.Equal([0.5, 0.5, 0.0], norm[1]);
        Assert.Equal([0.0, 0.25, 0.75], norm[2]);
        Assert.Equal(10, r.SampleCount);
    }

    [Fact]
    public void Per_class_precision_recall_f1_match_hand_computation()
    {
        var r = Animal();
        Assert.Equal(0.7, r.Accuracy, Tol);
        AssertClass(r.PerClass[0], "cat", 0.75, 0.75, 0.75, 4);
        AssertClass(r.PerClass[1], "dog", 1.0 / 3, 0.5, 0.4, 2);
        AssertClass(r.PerClass[2], "bird", 1.0, 0.75, 6.0 / 7, 4);
    }

    [Fact]
    public void Macro_and_weighted_averages_match_hand_computation()
    {
        var r = Animal();
        Assert.Equal((0.75 + 1.0 / 3 + 1) / 3, r.MacroAverage.Precision, Tol);
        Assert.Equal((0.75 + 0.5 + 0.75) / 3, r.MacroAverage.Recall, Tol);
        Assert.Equal((0.75 + 0.4 + 6.0 / 7) / 3, r.MacroF1, Tol);
        Assert.Equal((0.75 * 4 + 2.0 / 3 + 4) / 10, r.WeightedAverage.Precision, Tol);
        Assert.Equal(0.7, r.WeightedAverage.Recall, Tol); // weighted recall is accuracy
        Assert.Equal((0.75 * 4 + 0.4 * 2 + 6.0 / 7 * 4) / 10, r.WeightedAverage.F1, Tol);
        Assert.Equal(10, r.WeightedAverage.Support);
    }

    [Fact]
    public void Class_never_predicted_has_zero_precision_not_nan()
    {
        var r = ClassificationReport.Compute(["a", "b", "c"], [0, 1, 2, 2], [0, 1, 1, 1], bootstrapSamples: null);
        AssertClass(r.PerClass[2], "c", 0, 0, 0, 2);
        AssertClass(r.PerClass[1], "b", 1.0 / 3, 1, 0.5, 1);
        Assert.DoesNotContain(r.PerClass, m => double.IsNaN(m.Precision) || double.IsNaN(m.F1));
    }

    [Fact]
    public void Class_absent_from_y_true_has_zero_recall_and_support()
    {
        var r = ClassificationReport.Compute(["a", "b", "c"], [0, 0, 1, 1], [0, 2, 1, 1], bootstrapSamples: null);
        AssertClass(r.PerClass[2], "c", 0, 0, 0, 0);
        Assert.Equal([0.0, 0.0, 0.0], r.NormalizedConfusionMatrix[2]);
        Assert.Equal((1 + 1 + 0) / 3.0, r.MacroAverage.Precision, Tol); // absent classes still count in the macro mean, as with sklearn labels=
        Assert.Equal(4, r.WeightedAverage.Support);
    }

    [Fact]
    public void Single_class_is_perfect_and_has_no_curves()
    {
        var r = ClassificationReport.Compute(["only"], [0, 0, 0], [0, 0, 0], [[1f], [1f], [1f]], bootstrapSamples: 50);
        Assert.Equal(1, r.Accuracy);
        AssertClass(r.PerClass[0], "only", 1, 1, 1, 3);
        Assert.Empty(r.TopKAccuracy!);
        Assert.True(r.LogLoss < 1e-12);
        Assert.Null(r.Roc);
        Assert.Null(r.PrecisionRecall);
        Assert.Equal(1, r.AccuracyInterval!.High);
        Assert.InRange(r.AccuracyInterval.Low, 0.4, 0.5); // Wilson at 3 of 3: [0.438, 1], not a point
    }

    [Fact]
    public void Top_k_accuracy_counts_true_class_within_k_highest()
    {
        float[][] p = [[0.5f, 0.3f, 0.2f], [0.6f, 0.1f, 0.3f], [0.2f, 0.5f, 0.3f]];
        var r = ClassificationReport.Compute(Animals, [0, 1, 2], [0, 0, 1], p, bootstrapSamples: null);
        Assert.Equal([2], r.TopKAccuracy!.Keys); // k = 3 equals the class count: always 1, so not reported
        Assert.Equal(2.0 / 3, r.TopKAccuracy[2], Tol);
    }

    [Fact]
    public void Binary_task_with_probabilities_gets_log_loss_roc_and_pr()
    {
        float[][] p = [[0.9f, 0.1f], [0.6f, 0.4f], [0.65f, 0.35f], [0.2f, 0.8f]];
        var r = ClassificationReport.Compute(["neg", "pos"], [0, 0, 1, 1], [0, 0, 0, 1], p, bootstrapSamples: null);
        double expected = -(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4;
        Assert.Equal(expected, r.LogLoss!.Value, 1e-6);
        Assert.Equal(0.75, r.Roc!.Auc, 1e-6);
        Assert.Equal(5.0 / 6, r.PrecisionRecall!.AveragePrecision, 1e-6);
    }

    [Fact]
    public void No_probabilities_means_no_probability_metrics()
    {
        var r = Animal();
        Assert.Null(r.TopKAccuracy);
        Assert.Null(r.LogLoss);
        Assert.Null(r.Roc);
        Assert.NotNull(r.AccuracyInterval); // needs only the counts
        Assert.All(r.PerClass, m => Assert.Null(m.F1Interval));
    }

    [Theory]
    [InlineData("length", "yPred")]
    [InlineData("range", "yTrue[1] = 3")]
    [InlineData("negative", "yPred[0] = -1")]
    [InlineData("rows", "probabilities has length 1")]
    [InlineData("width", "probabilities[0] has 2 entries")]
    [InlineData("logits", "apply softmax")]
    [InlineData("duplicate", "'cat' twice")]
    [InlineData("empty", "yTrue is empty")]
    [InlineData("bootstrap", "bootstrapSamples")]
    public void Invalid_input_throws_argument_exception_naming_the_problem(string problem, string expectedMessage)
    {
        Action act = problem switch
        {
            "length" => () => ClassificationReport.Compute(Animals, [0, 1], [0]),
            "range" => () => ClassificationReport.Compute(Animals, [0, 3], [0, 1]),
            "negative" => () => ClassificationReport.Compute(Animals, [0, 1], [-1, 1]),
            "rows" => () => ClassificationReport.Compute(Animals, [0, 1], [0, 1], [[0.5f, 0.25f, 0.25f]]),
            "width" => () => ClassificationReport.Compute(Animals, [0], [0], [[0.5f, 0.5f]]),
            "logits" => () => ClassificationReport.Compute(Animals, [0], [0], [[2.1f, -0.3f, 0.7f]]),
            "duplicate" => () => ClassificationReport.Compute(["cat", "cat"], [0], [0]),
            "empty" => () => ClassificationReport.Compute(Animals, [], []),
            "bootstrap" => () => ClassificationReport.Compute(Animals, [0], [0], bootstrapSamples: -5),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Contains(expectedMessage, e.Message);
    }

    [Fact]
    public void Text_report_has_sklearn_layout_and_accuracy_interval()
    {
        var text = Animal(bootstrap: 200).ToText();
        Assert.Contains("precision    recall  f1-score   support", text);
        Assert.Contains("         cat      0.75      0.75      0.75         4", text);
        Assert.Contains("    accuracy                          0.70        10", text);
        Assert.Contains("   macro avg", text);
        Assert.Contains("weighted avg", text);
        Assert.Matches(@"accuracy 0\.700, 95% CI \[0\.\d{3}, [01]\.\d{3}\] \(Wilson\)", text);
        Assert.Contains("  f1 95% CI", text);
    }

    [Fact]
    public void Data_frame_has_one_row_per_class()
    {
        var df = Animal(bootstrap: 100).ToDataFrame();
        Assert.Equal(["class", "precision", "recall", "f1", "support", "f1_ci_low", "f1_ci_high"], df.Columns.Select(c => c.Name));
        Assert.Equal(3, df.Rows.Count);
        Assert.Equal("dog", df["class"][1]);
        Assert.Equal(0.4, (double)df["f1"][1]!, Tol);
        Assert.Equal(4, df["support"][2]);
        Assert.True((double)df["f1_ci_low"][0]! <= 0.75 && (double)df["f1_ci_high"][0]! >= 0.75);
    }

    [Fact]
    public void Data_frame_interval_columns_are_null_without_bootstrap()
    {
        var df = Animal().ToDataFrame();
        Assert.Null(df["f1_ci_low"][0]);
        Assert.Equal(3, df["f1_ci_high"].NullCount);
    }

    private static void AssertClass(ClassMetrics m, string name, double precision, double recall, double f1, int support)
    {
        Assert.Equal(name, m.Name);
        Assert.Equal(precision, m.Precision, Tol);
        Assert.Equal(recall, m.Recall, Tol);
        Assert.Equal(f1, m.F1, Tol);
        Assert.Equal(support, m.Support);
    }
}
