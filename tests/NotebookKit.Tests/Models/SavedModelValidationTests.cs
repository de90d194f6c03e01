using System.Text.Json.Nodes;
using NotebookKit.Models;
using NotebookKit.Tests.Cli;
using NotebookKit.Tests.Support;
using NotebookKit.Tests.Training;

namespace NotebookKit.Tests.Models;

/// <summary>
/// Damaged or hostile run folders, made from a real saved LeNet-5 (tiny, random weights): every defect gives an
/// <see cref="InvalidDataException"/> naming the file and what is wrong, and the CLI one line and exit 2.
/// </summary>
[Collection("console")]
public class SavedModelValidationTests
{
    static string SaveRun(TempFolder dir, string name = "run", string id = "lenet5", Pooling pooling = Pooling.Avg)
    {
        using var model = ModelSpec.For(id, ["cat", "dog"], pooling: pooling, pretrained: false, inputSize: id == "lenet5" ? null : 64).Build(seed: 3);
        SavedModel.Save(model, dir.Combine(name));
        return dir.Combine(name);
    }

    static string Json(string run) => Path.Combine(run, SavedModel.InfoFile);

    static void Edit(string run, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(Json(run)))!;
        edit(node);
        File.WriteAllText(Json(run), node.ToJsonString());
    }

    static InvalidDataException Rejected(string run, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => SavedModel.Load(run).Dispose());
        Assert.Contains(Path.GetFullPath(run), e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    public static TheoryData<string, string> Damages() => new()
    {
        { "invalid-json", "not a valid model description" },
        { "array", "holds a JSON array" },
        { "no-format", "no \"format\" key" },
        { "future-format", "this kit reads" },
        { "missing-classes", "classes" },
        { "missing-input-size", "input_size" },
        { "null-head", "head" },
        { "unknown-key", "surprise" },
        { "input-size-negative", "preprocess.input_size -5" },
        { "input-size-huge", "preprocess.input_size 100000" },
        { "one-class", "at least two classes" },
        { "same-class-twice", "a name twice" },
        { "hidden-negative", "head.hidden -3" },
        { "dropout-one", "head.dropout 1" },
        { "std-zero", "std that is not positive" },
        { "unknown-architecture", "not in the zoo" },
        { "input-size-not-a-number", "not a valid model description" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedModelJsonIsNamedWithWhatIsWrong(string damage, string expected)
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        JsonNode Model(JsonNode n) => n["model"]!;
        switch (damage)
        {
            case "invalid-json": File.WriteAllText(Json(run), "{\"format\": \"notebookkit-model/2\", "); break;
            case "array": File.WriteAllText(Json(run), "[1, 2]"); break;
            case "no-format": Edit(run, n => n.AsObject().Remove("format")); break;
            case "future-format": Edit(run, n => n["format"] = "notebookkit-model/9"); break;
            case "missing-classes": Edit(run, n => Model(n).AsObject().Remove("classes")); break;
            case "missing-input-size": Edit(run, n => Model(n)["preprocess"]!.AsObject().Remove("input_size")); break;
            case "null-head": Edit(run, n => Model(n)["head"] = null); break;
            case "unknown-key": Edit(run, n => Model(n)["surprise"] = 1); break;
            case "input-size-negative": Edit(run, n => Model(n)["preprocess"]!["input_size"] = -5); break;
            case "input-size-huge": Edit(run, n => Model(n)["preprocess"]!["input_size"] = 100000); break;
            case "one-class": Edit(run, n => Model(n)["classes"] = new JsonArray("cat")); break;
            case "same-class-twice": Edit(run, n => Model(n)["classes"] = new JsonArray("cat", "cat")); break;
            case "hidden-negative": Edit(run, n => Model(n)["head"]!["hidden"] = -3); break;
            case "dropout-one": Edit(run, n => Model(n)["head"]!["dropout"] = 1.0); break;
            case "std-zero": Edit(run, n => Model(n)["preprocess"]!["normalization"]!["std"] = new JsonArray(0.5, 0, 0.5)); break;
            case "unknown-architecture": Edit(run, n => Model(n)["architecture"] = "resnet9000"); break;
            case "input-size-not-a-number": Edit(run, n => Model(n)["preprocess"]!["input_size"] = "large"); break;
        }
        Rejected(run, expected);
    }

    [Fact]
    public void FlattenOnABackboneEndingInFullyConnectedLayersIsNamed()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        Edit(run, n => n["model"]!["pooling"] = "flatten");
        Rejected(run, "cannot use flatten pooling");
    }

    [Fact]
    public void ANegativeInputSizeStopsExportWithOneLineAndExit2()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        Edit(run, n => n["model"]!["preprocess"]!["input_size"] = -5);
        var (exit, output) = CliTests.Invoke("export", "--model", run, "--onnx", dir.Combine("m.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains(Json(run), output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(dir.Combine("m.onnx")));
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("export")]
    public void InvalidJsonStopsTheCliWithOneLineAndExit2(string command)
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        File.WriteAllText(Json(run), "[]");
        var (exit, output) = command == "predict"
            ? CliTests.Invoke("predict", "--model", run, SharedData.Photo())
            : CliTests.Invoke("export", "--model", run, "--onnx", dir.Combine("m.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains(Json(run), output);
    }

    [Fact]
    public void ATruncatedModelDatIsNamedWithTheFix()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        var weights = Path.Combine(run, SavedModel.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var e = Rejected(run, SavedModel.WeightsFile);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("train again", e.Message);
    }

    [Fact]
    public void AForeignModelDatIsNamedWithTheFix()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir);
        var other = SaveRun(dir, "other", Pretrained.DefaultId);
        File.Copy(Path.Combine(other, SavedModel.WeightsFile), Path.Combine(run, SavedModel.WeightsFile), overwrite: true);
        var e = Rejected(run, "does not hold the weights of the model");
        Assert.Contains(Path.Combine(run, SavedModel.WeightsFile), e.Message);
        var (exit, output) = CliTests.Invoke("export", "--model", run, "--onnx", dir.Combine("m.onnx"));
        Assert.Equal(2, exit);
        Assert.Contains("does not hold the weights", output);
    }

    /// <summary>The first format's model.json, as the kit that wrote it did: the zoo id, classes, head and preprocessing.</summary>
    static void WriteV1(string run)
    {
        var v2 = JsonNode.Parse(File.ReadAllText(Json(run)))!;
        var model = v2["model"]!;
        var v1 = new JsonObject
        {
            ["format"] = SavedModel.FormatV1,
            ["model_id"] = model["architecture"]!.GetValue<string>(),
            ["classes"] = model["classes"]!.DeepClone(),
            ["head"] = model["head"]!.DeepClone(),
            ["preprocess"] = model["preprocess"]!.DeepClone(),
            ["created_utc"] = v2["created_utc"]!.DeepClone(),
            ["options"] = new JsonObject(),
        };
        File.WriteAllText(Json(run), v1.ToJsonString());
    }

    [Fact]
    public void AVersion1FolderStillLoadsAndPredictsTheSame()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir, id: Pretrained.DefaultId);
        using var saved = SavedModel.Load(run);
        WriteV1(run);
        using var old = SavedModel.Load(run);
        Assert.Equal(SavedModel.FormatV1, SavedModel.ReadInfo(run).Format);
        Assert.Equal(saved.Spec with { Weights = ModelSpec.PretrainedWeights }, old.Spec);
        using var images = TorchSharp.torch.rand(2, 3, 64, 64);
        using var a = saved.PredictProbabilities(images);
        using var b = old.PredictProbabilities(images);
        Assert.True(a.eq(b).all().item<bool>());
    }

    [Fact]
    public void AVersion1FolderOfAFlattenedModelSaysHowToGetItBack()
    {
        using var dir = new TempFolder();
        var run = SaveRun(dir, id: Pretrained.DefaultId, pooling: Pooling.Flatten);
        WriteV1(run); // /1 could not say "flatten", so it reads as the pooled model, whose head is smaller
        var e = Rejected(run, "--pooling flatten");
        Assert.Contains(SavedModel.WeightsFile, e.Message);
    }
}
