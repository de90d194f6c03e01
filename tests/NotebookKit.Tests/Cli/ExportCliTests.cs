using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using NotebookKit.Models;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Cli;

[Collection("console")]
public class ExportCliTests
{
    [Fact]
    public void ExportedRunGivesWhatPredictTsvSays()
    {
        using var dir = new TempFolder();
        using (var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], HeadSpec.ArticleBinary, seed: 4))
            SavedModel.Save(model, dir.Combine("run"));
        string[] photos = [SharedData.Photo(cls: "cat", index: 2), SharedData.Photo(cls: "dog", index: 2)];

        var (exit, output) = CliTests.Invoke(["predict", "--model", dir.Combine("run"), "--format", "tsv", .. photos]);
        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(photos, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0, 1));

        (exit, output) = CliTests.Invoke("export", "--model", dir.Combine("run"), "--onnx", dir.Combine("model.onnx"));
        Assert.Equal(0, exit);
        Assert.Contains("opset 13", output);

        using var session = new InferenceSession(dir.Combine("model.onnx"));
        OnnxAgreement.AssertMatchesPredict(session, SavedModel.ReadInfo(dir.Combine("run")).Preprocess, photos, rows);
    }

    [Fact]
    public void ExportOfAFolderThatIsNotARunNamesTheMissingFile()
    {
        using var dir = new TempFolder();
        var (exit, output) = CliTests.Invoke("export", "--model", dir.Root, "--onnx", dir.Combine("x.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains("model.json", output);
        Assert.False(File.Exists(dir.Combine("x.onnx")));
    }
}
