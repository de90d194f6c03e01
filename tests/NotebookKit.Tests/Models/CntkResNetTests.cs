using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

public class CntkResNetTests
{
    [Fact]
    public void TorchSharpBackboneMatchesOnnxRuntimeOnARealPhoto()
    {
        var onnx = CntkResNet.FindOnnx();
        Assert.NotNull(onnx);
        var pipeline = ImagePipeline.ForEval(CntkResNet.Preprocess);
        var pixels = new float[3 * 224 * 224];
        pipeline.Load(SharedData.Photo(cls: "dog", index: 3), pixels, new Random(0));

        float[] expected;
        using (var session = new InferenceSession(onnx))
        {
            var input = NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), new DenseTensor<float>(pixels, [1, 3, 224, 224]));
            using var results = session.Run([input]);
            expected = results.Single().AsEnumerable<float>().ToArray();
        }

        var backbone = CntkResNet.Create();
        OnnxResNetImporter.Import(onnx!, backbone);
        backbone.eval();
        using var _ = no_grad();
        using var features = backbone.forward(tensor(pixels, [1, 3, 224, 224]));
        var actual = features.data<float>().ToArray();

        Assert.Equal(512, expected.Length);
        Assert.Equal(512, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxDiff < 1e-3, $"max abs difference {maxDiff}");
        Assert.True(expected.Max() > 0.1, "features should not be all zero");
    }

    [Fact]
    public void ParameterCountMatchesTheRegistryMetadata()
    {
        var backbone = CntkResNet.Create();
        Assert.Equal(Pretrained.Get("resnet-cntk").Metadata.Parameters, ModelComplexity.Parameters(Pretrained.Get("resnet-cntk"), backbone));
    }
}
