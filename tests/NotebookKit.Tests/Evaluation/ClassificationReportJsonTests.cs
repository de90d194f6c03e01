using System.Text.Json;
using NotebookKit.Evaluation;
using Xunit;

namespace NotebookKit.Tests.Evaluation;

public class ClassificationReportJsonTests
{
    [Fact]
    public void Json_starts_with_the_cli_contract_keys_in_order()
    {
        var json = ClassificationReportTests.Animal(bootstrap: 100).ToJson();
        using var doc = JsonDocument.Parse(json);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["accuracy", "macro_f1", "classes", "per_class", "confusion_matrix"], keys[..5]);
        Assert.StartsWith("{\"accuracy\":0.7,\"macro_f1\":", json);

        var root = doc.RootElement;
        Assert.Equal(["cat", "dog", "bird"], root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        var dog = root.GetProperty("per_class").GetProperty("dog");
        Assert.Equal(["precision", "recall", "f1", "support"], dog.EnumerateObject().Select(p => p.Name).Take(4));
        Assert.Equal(0.4, dog.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(2, dog.GetProperty("support").GetInt32());
        Assert.Equal(3, root.GetProperty("confusion_matrix")[2][2].GetInt32());
        Assert.True(root.TryGetProperty("accuracy_ci", out _));
    }

    [Fact]
    public void Round_trip_preserves_everything()
    {
        float[][] p = [[0.9f, 0.1f], [0.6f, 0.4f], [0.65f, 0.35f], [0.2f, 0.8f], [0.3f, 0.7f]];
        var original = ClassificationReport.Compute(["neg", "pos"], [0, 0, 1, 1, 0], [0, 0, 0, 1, 1], p, bootstrapSamples: 50);
        var json = original.ToJson();
        var back = ClassificationReport.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(original.Accuracy, back.Accuracy);
        Assert.Equal(original.PerClass, back.PerClass);
        Assert.Equal(original.MacroAverage, back.MacroAverage);
        Assert.Equal(original.AccuracyInterval, back.AccuracyInterval);
        Assert.Equal(original.LogLoss, back.LogLoss);
        Assert.Equal(original.Roc!.Thresholds, back.Roc!.Thresholds); // includes +∞
        Assert.Equal(original.PrecisionRecall!.AveragePrecision, back.PrecisionRecall!.AveragePrecision);
        Assert.Equal(original.ConfusionMatrix, back.ConfusionMatrix);
    }

    [Fact]
    public void Round_trip_keeps_top_k_accuracy()
    {
        float[][] p = [[0.5f, 0.3f, 0.2f], [0.6f, 0.1f, 0.3f], [0.2f, 0.5f, 0.3f]];
        var original = ClassificationReport.Compute(["cat", "dog", "bird"], [0, 1, 2], [0, 0, 1], p, bootstrapSamples: null);
        var json = original.ToJson();
        Assert.Contains("\"top_k_accuracy\":{\"2\":", json);
        var back = ClassificationReport.FromJson(json);
        Assert.Equal(original.TopKAccuracy![2], back.TopKAccuracy![2]);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void Minimal_contract_json_is_accepted_and_averages_recomputed()
    {
        const string json = """
            {"accuracy":0.5,"macro_f1":0.5,"classes":["cat","dog"],
             "per_class":{"cat":{"precision":0.5,"recall":0.5,"f1":0.5,"support":2},"dog":{"precision":0.5,"recall":0.5,"f1":0.5,"support":2}},
             "confusion_matrix":[[1,1],[1,1]]}
            """;
        var r = ClassificationReport.FromJson(json);
        Assert.Equal(4, r.SampleCount);
        Assert.Equal(0.5, r.WeightedAverage.F1);
        Assert.Equal(4, r.MacroAverage.Support);
        Assert.Null(r.AccuracyInterval);
    }

    [Theory]
    [InlineData("""{"accuracy":1,"macro_f1":1,"classes":["a"],"per_class":{},"confusion_matrix":[[1]]}""", "no entry for class 'a'")]
    [InlineData("""{"accuracy":1,"macro_f1":1,"classes":["a"],"per_class":{"a":{"precision":1,"recall":1,"f1":1,"support":1}},"confusion_matrix":[[1,0]]}""", "1×1")]
    [InlineData("""{"accuracy":1}""", "lacks one of")]
    [InlineData("""[1,2]""", "not a classification report")]
    public void Bad_json_throws_argument_exception(string json, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ClassificationReport.FromJson(json));
        Assert.Contains(expected, e.Message);
    }
}
