using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NotebookKit.Data;
using NotebookKit.Models;

namespace NotebookKit.Tests.Cli;

/// <summary>An exported two-class model against `predict --format tsv`: the same class and probability (1e-4) per photo.</summary>
static class OnnxAgreement
{
    public static void AssertMatchesPredict(InferenceSession session, PreprocessSpec preprocess, string[] photos, string[][] rows)
    {
        var pipeline = OnnxExport.InputPipeline(preprocess);
        var size = preprocess.InputSize;
        for (var i = 0; i < photos.Length; i++)
        {
            var pixels = new float[3 * size * size];
            pipeline.Load(photos[i], pixels, new Random(0));
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<float>(pixels, [1, 3, size, size]))]);
            var p = results.Single().AsEnumerable<float>().ToArray();
            var best = p[1] > p[0] ? 1 : 0;
            Assert.Equal(rows[i][1], new[] { "cat", "dog" }[best]);
            Assert.Equal(double.Parse(rows[i][2], CultureInfo.InvariantCulture), p[best], 1e-4);
        }
    }
}
