using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NotebookKit.Models;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Cli;

[Collection("console")]
public class PoolingCliTests
{
    /// <summary>
    /// The article's model from the command line (small: 64 px, one epoch, a few shared cats-dogs photos): train, then
    /// predict, evaluate and export the run folder. predict's probabilities are the ones the run reported: its accuracy
    /// and log loss on the same test photos follow from the TSV.
    /// </summary>
    [Fact]
    public void TheArticlesFlattenedModelTrainsPredictsEvaluatesAndExports()
    {
        using var dir = new TempFolder();
        var data = dir.Combine("data");
        foreach (var (split, count) in new[] { ("train", 6), ("val", 2), ("test", 3) })
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, count))
            File.Copy(SharedData.Photo(split: split, cls: cls, index: i), dir.File(Path.Combine("data", split, cls, $"{cls}{i}.jpg")));
        var run = dir.Combine("run");

        var (exit, output) = CliTests.Invoke("train", "--data", data, "--out", run, "--pooling", "flatten", "--head", "article",
            "--epochs", "1", "--image-size", "64", "--batch-size", "4");
        Assert.True(exit == 0, output);
        var spec = SavedModel.ReadInfo(run).Model;
        Assert.Equal(Pooling.Flatten, spec.Pooling);
        Assert.Equal(HeadSpec.ArticleBinary, spec.Head);
        Assert.Contains("layer4+flatten", output); // the inspector's table

        var photos = Directory.GetFiles(Path.Combine(data, "test"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        (exit, output) = CliTests.Invoke(["predict", "--model", run, "--format", "tsv", .. photos]);
        Assert.True(exit == 0, output);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(photos, rows.Select(r => r[0]));
        // The probability of each photo's true class, from the top class and its probability (two classes).
        var truth = photos.Select(p => Path.GetFileName(Path.GetDirectoryName(p))).ToArray();
        var pTrue = rows.Select((r, i) => r[1] == truth[i] ? double.Parse(r[2], CultureInfo.InvariantCulture) : 1 - double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.Equal(metrics.RootElement.GetProperty("accuracy").GetDouble(), rows.Where((r, i) => r[1] == truth[i]).Count() / (double)rows.Length, 9);
        var logLoss = -pTrue.Average(p => Math.Log(Math.Max(p, 1e-15)));
        Assert.Equal(metrics.RootElement.GetProperty("log_loss").GetDouble(), logLoss, 2e-3); // the run's frozen layers may compute in bf16

        (exit, output) = CliTests.Invoke("evaluate", "--model", run, "--data", data, "--json", dir.Combine("eval.json"));
        Assert.True(exit == 0, output);
        using var evaluated = JsonDocument.Parse(File.ReadAllText(dir.Combine("eval.json")));
        Assert.Equal(metrics.RootElement.GetProperty("accuracy").GetDouble(), evaluated.RootElement.GetProperty("accuracy").GetDouble(), 9);

        (exit, output) = CliTests.Invoke("export", "--model", run, "--onnx", dir.Combine("model.onnx"));
        Assert.True(exit == 0, output);
        using var session = new InferenceSession(dir.Combine("model.onnx"));
        Assert.Equal("flatten", session.ModelMetadata.CustomMetadataMap["pooling"]);
        Assert.Equal(spec, JsonSerializer.Deserialize<ModelSpec>(session.ModelMetadata.CustomMetadataMap["model_spec"], SavedModel.Json));
        OnnxAgreement.AssertMatchesPredict(session, spec.Preprocess, photos, rows);
    }

    [Fact]
    public void FlattenOnAModelEndingInFullyConnectedLayersIsOneLineAndExit2()
    {
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
        foreach (var i in Enumerable.Range(0, 2))
            File.Copy(SharedData.Photo(cls: cls, index: i), dir.File(Path.Combine("data", cls, $"{cls}{i}.jpg")));
        var (exit, output) = CliTests.Invoke("train", "--data", dir.Combine("data"), "--out", dir.Combine("run"), "--model", "lenet5", "--pooling", "flatten");
        Assert.Equal(2, exit);
        Assert.Contains("fully connected", output);
        Assert.False(Directory.Exists(dir.Combine("run")));
    }
}
