using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using NotebookKit.Data;
using NotebookKit.Models.Onnx;
using NotebookKit.Platform;
using Onnx;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>What <see cref="OnnxExport.ExportOnnx"/> wrote.</summary>
public sealed record OnnxExportInfo(string Path, string Backbone, IReadOnlyList<string> Labels, int InputSize, int ResizeShorterSide, long Bytes, int Nodes)
{
    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: {Backbone}, {Labels.Count} classes [{string.Join(", ", Labels)}], input [N,3,{InputSize},{InputSize}] RGB 0–255 " +
        $"(resize shorter side to {ResizeShorterSide}, centre crop), ONNX opset {OnnxExport.Opset}, {Nodes} nodes, {Bytes / 1e6:F1} MB";
}

/// <summary>
/// A trained classifier as a self-contained ONNX file, for any ONNX runtime (ONNX Runtime, ML.NET, OpenCV, browsers).
/// The graph takes <c>input</c> float32 [N,3,H,W]: RGB, 0–255, already resized (shorter side to
/// <c>resize_shorter_side</c>, with the <c>interpolation</c> the metadata names) and centre-cropped to <c>input_size</c>; the model's own normalisation is inside,
/// so a consumer never types a mean. It returns <c>probabilities</c> [N, classes], in the order of the <c>labels</c>
/// metadata. TorchSharp has no exporter, so <see cref="OnnxModuleWriter"/> writes the graph from the modules.
/// </summary>
public static class OnnxExport
{
    /// <summary>Opset 13 (2021): read by every ONNX Runtime since 1.6, OpenCV's dnn, onnx.js/ONNX Runtime Web, ML.NET and TensorRT.</summary>
    public const int Opset = 13;
    public const string InputName = "input";
    public const string OutputName = "probabilities";
    /// <summary>The metadata's name of a resampler: "bilinear" or "bicubic" (ImageSharp's Triangle or Bicubic; OpenCV's INTER_LINEAR or INTER_CUBIC).</summary>
    public static string InterpolationName(Interpolation interpolation) => interpolation.ToString().ToLowerInvariant();

    /// <summary>The pixel values the graph takes: RGB, 0–255, unchanged.</summary>
    public static Normalization InputNormalization { get; } = new([0f, 0f, 0f], [1f, 1f, 1f], 1f, ChannelOrder.Rgb);

    /// <summary>The kit's evaluation resize and crop with the graph's input convention: what to feed the exported file.</summary>
    public static ImagePipeline InputPipeline(PreprocessSpec spec) => ImagePipeline.ForEval(spec with { Normalization = InputNormalization });

    public static string KitVersion { get; } =
        typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Writes <paramref name="model"/> (its preprocessing, backbone, head and probabilities) to <paramref name="path"/>; a cancel leaves no file.</summary>
    public static OnnxExportInfo ExportOnnx(this ImageClassifier model, string path, CancellationToken cancellationToken = default)
    {
        path = System.IO.Path.GetFullPath(path);
        var onnx = ToOnnx(model);
        cancellationToken.ThrowIfCancellationRequested();
        OutputLocation.WriteFile(path, onnx.WriteTo, cancellationToken);
        var p = model.Preprocess;
        return new OnnxExportInfo(path, model.Entry.Id, model.ClassNames, p.InputSize, p.ResizeSize, new FileInfo(path).Length, onnx.Graph.Node.Count);
    }

    /// <summary>The ONNX model of <paramref name="model"/> in eval mode (its training flag is restored).</summary>
    public static ModelProto ToOnnx(ImageClassifier model)
    {
        var spec = model.Preprocess;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var graph = new OnnxGraph($"{model.Entry.Id}-classifier");
            graph.Input(InputName, null, 3, spec.InputSize, spec.InputSize);
            var device = model.parameters().First().device;
            var sample = new OnnxValue(InputName, rand(1, 3, spec.InputSize, spec.InputSize, device: device) * 255);

            var x = Normalize(graph, spec.Normalization, sample);
            var writer = new OnnxModuleWriter(graph);
            x = writer.Write(model.BackboneModule, "backbone", x);
            x = writer.Write(model.Head, "head", x);
            Probabilities(graph, model.Head.Spec.Sigmoid, x.Name);
            graph.Output(OutputName, null, model.ClassNames.Count);
            return graph.ToModel(Opset, KitVersion, DocString(model), Metadata(model));
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>
    /// value = pixel · PixelScale/Std − Mean/Std per model channel, taking each model channel from its RGB input channel
    /// (reversed for BGR models), as one 1×1 convolution: every runtime has Conv, while OpenCV's dnn, for one, cannot
    /// Gather several channels. Each output has one non-zero weight, so the result is the per-channel multiply-add exactly.
    /// </summary>
    static OnnxValue Normalize(OnnxGraph graph, Normalization n, OnnxValue x)
    {
        var weight = new float[9];
        var bias = new float[3];
        for (var c = 0; c < 3; c++)
        {
            var rgb = n.Order == ChannelOrder.Rgb ? c : 2 - c;
            weight[c * 3 + rgb] = n.PixelScale / n.Std[c];
            bias[c] = -n.Mean[c] / n.Std[c];
        }
        var name = graph.Node("Conv", [x.Name, graph.Initializer("normalize.weight", weight, 3, 3, 1, 1), graph.Initializer("normalize.bias", bias, 3)],
            [OnnxGraph.Ints("kernel_shape", [1, 1])]);
        var sample = n.Order == ChannelOrder.Bgr ? x.Sample.flip(1) : x.Sample;
        using var mean = tensor(n.Mean, device: sample.device).view(1, 3, 1, 1);
        using var std = tensor(n.Std, device: sample.device).view(1, 3, 1, 1);
        return new(name, (sample * n.PixelScale - mean) / std);
    }

    /// <summary>Softmax over the logits, or for a sigmoid head [1 − p, p], as ClassifierHead.Probabilities.</summary>
    static void Probabilities(OnnxGraph graph, bool sigmoid, string logits)
    {
        if (!sigmoid)
        {
            graph.Node("Softmax", [logits], [OnnxGraph.Int("axis", 1)], OutputName);
            return;
        }
        var p = graph.Node("Sigmoid", [logits]);
        var q = graph.Node("Sub", [graph.Scalar("one", 1f), p]);
        graph.Node("Concat", [q, p], [OnnxGraph.Int("axis", 1)], OutputName);
    }

    static Dictionary<string, string> Metadata(ImageClassifier model) => new()
    {
        ["labels"] = JsonSerializer.Serialize(model.ClassNames),
        ["input_size"] = model.Preprocess.InputSize.ToString(),
        ["resize_shorter_side"] = model.Preprocess.ResizeSize.ToString(),
        ["interpolation"] = InterpolationName(model.Preprocess.Interpolation),
        ["backbone"] = model.Entry.Id,
        ["pooling"] = model.Spec.Pooling.Name(),
        ["model_spec"] = JsonSerializer.Serialize(model.Spec, SavedModel.Json),
        ["notebookkit_version"] = KitVersion,
        ["input_format"] = "float32 [N,3,H,W], RGB, 0-255, normalisation inside the graph",
    };

    static string DocString(ImageClassifier model) =>
        $"NotebookKit image classifier: {model.Entry.Id} backbone, {model.Spec.Pooling.Name()} pooling, head {model.Head.Spec}, classes [{string.Join(", ", model.ClassNames)}]. " +
        $"Input '{InputName}': RGB 0-255, shorter side resized to {model.Preprocess.ResizeSize} ({InterpolationName(model.Preprocess.Interpolation)}), centre-cropped to " +
        $"{model.Preprocess.InputSize}. Output '{OutputName}': class probabilities in the order of the 'labels' metadata.";
}
