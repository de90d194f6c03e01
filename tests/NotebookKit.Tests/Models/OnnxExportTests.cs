using NotebookKit.Data;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;
using NotebookKit.Tests.Support;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

/// <summary>
/// The exported file, run by ONNX Runtime on real photos with only the kit's resize and crop, gives the kit's own
/// probabilities. resnet-cntk carries its real weights; the other backbones cannot download theirs here, so they are
/// random-init with a seed, with BatchNorm statistics randomised too and the head scaled so logits are of order one
/// (a saturated softmax would hide any error in the features).
/// </summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    const float Tolerance = 1e-4f;

    static readonly string[] PhotoPaths =
        [SharedData.Photo(cls: "cat", index: 0), SharedData.Photo(cls: "dog", index: 1), SharedData.Photo(cls: "cat", index: 5), SharedData.Photo(cls: "dog", index: 6)];

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    [InlineData("vgg16")]
    [InlineData("mobilenet_v2")]
    [InlineData("efficientnet_b0")]
    [InlineData("alexnet")]
    [InlineData("googlenet")]
    [InlineData("lenet5")]
    public void OnnxRuntimeGivesTheKitsProbabilitiesForARandomInitBackbone(string id)
    {
        using var model = Pretrained.Classifier(id, ["cat", "dog"], HeadSpec.Linear, pretrained: false, seed: 19);
        Randomise(model);
        AssertOnnxMatchesKit(model);
    }

    /// <summary>
    /// Today's backbones at small inputs where the architecture allows: Swin at 112 px has shifted windows with masks in
    /// its first two stages, a merge of an odd 7×7 map and a last stage padded to one window; ViT takes 224 px only.
    /// </summary>
    [Theory]
    [InlineData("mobilenet_v3_large", 64)]
    [InlineData("convnext_tiny", 64)]
    [InlineData("regnet_y_800mf", 64)]
    [InlineData("efficientnet_v2_s", 64)]
    [InlineData("swin_t", 112)]
    [InlineData("vit_b_16", 224)]
    public void OnnxRuntimeGivesTheKitsProbabilitiesForTodaysBackbones(string id, int inputSize)
    {
        using var model = Pretrained.Classifier(id, ["cat", "dog"], HeadSpec.Linear, pretrained: false, seed: 23, inputSize: inputSize);
        Randomise(model);
        AssertOnnxMatchesKit(model);
    }

    [Fact]
    public void PretrainedCntkResNetWithTheArticlesSigmoidHeadMatches()
    {
        using var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], HeadSpec.ArticleBinary, seed: 3);
        CalibrateHead(model);
        AssertOnnxMatchesKit(model);
    }

    [Fact]
    public void LargerInputSizeWithAdaptivePoolingThatDoesNotDivideMatches()
    {
        // AlexNet at 288 px: its 8×8 map is pooled to 6×6 in uneven bins, the matrix-product path of the writer.
        using var model = Pretrained.Classifier("alexnet", ["cat", "dog", "other"], HeadSpec.Linear, pretrained: false, seed: 5, inputSize: 288);
        Randomise(model);
        AssertOnnxMatchesKit(model);
    }

    [Fact]
    public void TheFileDescribesItselfInItsMetadata()
    {
        using var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], HeadSpec.Linear, pretrained: false, inputSize: 288);
        using var dir = new TempFolder();
        var info = model.ExportOnnx(dir.Combine("model.onnx"));
        using var session = new InferenceSession(info.Path);
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(["cat", "dog"], JsonSerializer.Deserialize<string[]>(meta["labels"])!);
        Assert.Equal("288", meta["input_size"]);
        Assert.Equal("329", meta["resize_shorter_side"]);
        Assert.Equal("bicubic", meta["interpolation"]);
        Assert.Equal("resnet-cntk", meta["backbone"]);
        Assert.StartsWith("0.1.0", meta["notebookkit_version"]);
        Assert.Equal([-1, 3, 288, 288], session.InputMetadata[OnnxExport.InputName].Dimensions);
        Assert.Equal([-1, 2], session.OutputMetadata[OnnxExport.OutputName].Dimensions);
    }

    [Fact]
    public void ExportRestoresTrainingModeAndWritesNothingPartial()
    {
        using var model = Pretrained.Classifier("lenet5", ["a", "b"], pretrained: false);
        model.train();
        using var dir = new TempFolder();
        model.ExportOnnx(dir.Combine("sub", "lenet.onnx"));
        Assert.True(model.training);
        Assert.Equal(["lenet.onnx"], Directory.GetFiles(dir.Combine("sub")).Select(Path.GetFileName));
    }

    void AssertOnnxMatchesKit(ImageClassifier model)
    {
        using var learn = Learner.ForInference(model);
        var expected = learn.GetPreds(ImageDataset.Unlabelled(PhotoPaths, model.ClassNames), precision: ComputePrecision.Float32).Probabilities; // the model's own fp32 modules, like the file
        using var dir = new TempFolder();
        var info = model.ExportOnnx(dir.Combine("model.onnx"));
        var actual = RunOnnx(info.Path, model);

        var maxDiff = expected.Zip(actual, (e, a) => e.Zip(a, (x, y) => Math.Abs(x - y)).Max()).Max();
        output.WriteLine($"{model.Entry.Id} at {model.Preprocess.InputSize} px, {info.Nodes} nodes: max |ORT − kit| = {maxDiff:G3}");
        Assert.True(maxDiff < Tolerance, $"{model.Entry.Id}: max |ORT − kit| = {maxDiff:G3}");
        // Probabilities that are all 0/1 or all equal would hide errors: the photos must get different, unsaturated ones.
        Assert.Contains(expected, row => row.Max() < 0.999f);
        Assert.True(expected.Select(r => r[0]).Max() - expected.Select(r => r[0]).Min() > 1e-3, $"{model.Entry.Id}: every photo got the same probabilities");
    }

    /// <summary>Raw RGB 0–255 of the kit's resize and crop, the batch in one ORT run (so the symbolic N is exercised).</summary>
    static float[][] RunOnnx(string path, ImageClassifier model)
    {
        var pipeline = OnnxExport.InputPipeline(model.Preprocess);
        var size = pipeline.OutputSize;
        var per = 3 * size * size;
        var pixels = new float[PhotoPaths.Length * per];
        for (var i = 0; i < PhotoPaths.Length; i++) pipeline.Load(PhotoPaths[i], pixels.AsSpan(i * per, per), new Random(0));
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<float>(pixels, [PhotoPaths.Length, 3, size, size]))]);
        var output = results.Single(r => r.Name == OnnxExport.OutputName).AsEnumerable<float>().ToArray();
        var classes = model.ClassNames.Count;
        return [.. Enumerable.Range(0, PhotoPaths.Length).Select(i => output[(i * classes)..((i + 1) * classes)])];
    }

    /// <summary>
    /// BatchNorm away from its 0/1 defaults, as after training: random affine parameters, then running statistics set
    /// to the photos' own batch statistics (one train-mode pass with momentum 1). Without that, a random-init
    /// MobileNet's or EfficientNet's features barely depend on the input, and calibrating the head would only
    /// magnify float rounding.
    /// </summary>
    static void Randomise(ImageClassifier model)
    {
        var batchNorms = model.modules().OfType<BatchNorm2d>().ToList();
        using (no_grad())
        {
            // Away from the init values that would hide a wrong axis or a skipped branch: LayerNorm's 1 and 0, ConvNeXt's
            // 1e-6 layer scale, Swin's near-zero position bias, ViT's zero class token.
            var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
            foreach (var (name, p) in model.named_parameters())
            {
                var leaf = name[(name.LastIndexOf('.') + 1)..];
                var owner = modules.GetValueOrDefault(name[..Math.Max(0, name.LastIndexOf('.'))]);
                if (owner is LayerNorm or NotebookKit.Models.LayerNorm2d)
                    p.copy_(leaf == "weight" ? rand_like(p) + 0.5 : randn_like(p) * 0.1);
                else if (leaf is "layer_scale" or "relative_position_bias_table" or "class_token")
                    p.copy_(leaf == "layer_scale" ? rand_like(p) * 0.5 + 0.1 : randn_like(p));
            }
            foreach (var bn in batchNorms)
            {
                bn.weight!.copy_(rand_like(bn.weight) + 0.5);
                bn.bias!.copy_(randn_like(bn.bias) * 0.1);
                bn.momentum = 1.0;
            }
            model.train();
            using var _ = model.forward(Images(model));
        }
        model.eval();
        CalibrateHead(model);
    }

    /// <summary>Scales and shifts the head's last layer so the photos' logits are centred and spread over about ±2.</summary>
    static void CalibrateHead(ImageClassifier model)
    {
        model.eval();
        using var _ = no_grad();
        using var images = Images(model);
        var last = model.Head.modules().OfType<Linear>().Last();
        using (var logits = model.forward(images))
        {
            var spread = (logits - logits.mean([0], keepdim: true)).abs().max().item<float>();
            Assert.True(spread > 1e-3f * logits.abs().max().item<float>(), $"{model.Entry.Id}: the logits hardly depend on the photo");
            last.weight.mul_(2f / spread);
        }
        last.bias!.zero_();
        using (var logits = model.forward(images))
            last.bias.sub_(logits.mean([0]));
    }

    /// <summary>The photos as the kit feeds them to the model (its resize, crop and normalisation).</summary>
    static TorchSharp.torch.Tensor Images(ImageClassifier model)
    {
        var pipeline = NotebookKit.Data.ImagePipeline.ForEval(model.Preprocess);
        var per = 3 * pipeline.OutputSize * pipeline.OutputSize;
        var pixels = new float[PhotoPaths.Length * per];
        for (var i = 0; i < PhotoPaths.Length; i++) pipeline.Load(PhotoPaths[i], pixels.AsSpan(i * per, per), new Random(0));
        return tensor(pixels, [PhotoPaths.Length, 3, pipeline.OutputSize, pipeline.OutputSize]);
    }
}
