using System.Runtime.InteropServices;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Copies the weights of an ONNX ResNet (Conv without bias + BatchNormalization, as CNTK and PyTorch export it)
/// into a <see cref="ResNetBackbone"/>. ONNX names are meaningless ("Parameter91"), so the graph is walked:
/// convolutions are matched in graph order by weight shape (a downsample conv is 1×1, so it never takes a 3×3
/// slot even where the exporter emits it first), and each BatchNormalization follows the conv that feeds it.
/// </summary>
public static class OnnxResNetImporter
{
    public static void Import(string onnxPath, ResNetBackbone target)
    {
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath)).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var bnByInput = graph.Node.Where(n => n.OpType == "BatchNormalization").ToDictionary(n => n.Input[0]);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        var used = new bool[convs.Count];
        var modules = target.named_modules().ToDictionary(m => m.name, m => m.module);

        using var _ = no_grad();
        foreach (var (name, module) in target.named_modules())
        {
            if (module is not Conv2d conv) continue;
            var shape = conv.weight.shape;
            var index = Enumerable.Range(0, convs.Count).FirstOrDefault(i => !used[i] && Dims(initializers[convs[i].Input[1]]).SequenceEqual(shape), -1);
            if (index < 0) throw new InvalidDataException($"{onnxPath}: no unused convolution of shape [{string.Join(",", shape)}] for '{name}'. The file is not a ResNet of this layout.");
            used[index] = true;
            var node = convs[index];
            Copy(initializers[node.Input[1]], conv.weight);

            if (!bnByInput.TryGetValue(node.Output[0], out var bnNode))
                throw new InvalidDataException($"{onnxPath}: convolution for '{name}' is not followed by BatchNormalization.");
            var bn = (BatchNorm2d)modules[BatchNormName(name)];
            Copy(initializers[bnNode.Input[1]], bn.weight!);
            Copy(initializers[bnNode.Input[2]], bn.bias!);
            Copy(initializers[bnNode.Input[3]], bn.running_mean!);
            Copy(initializers[bnNode.Input[4]], bn.running_var!);
        }
        if (used.Any(u => !u))
            throw new InvalidDataException($"{onnxPath}: {used.Count(u => !u)} convolutions were left over. The file's ResNet has more blocks than the target layout.");
    }

    /// <summary>conv1 → bn1, layer1.0.conv2 → layer1.0.bn2, layer2.0.downsample.0 → layer2.0.downsample.1.</summary>
    static string BatchNormName(string convName)
    {
        var dot = convName.LastIndexOf('.');
        var (prefix, last) = dot < 0 ? ("", convName) : (convName[..(dot + 1)], convName[(dot + 1)..]);
        return last == "0" ? prefix + "1" : prefix + last.Replace("conv", "bn");
    }

    static long[] Dims(TensorProto t) => [.. t.Dims];

    static void Copy(TensorProto source, Tensor destination)
    {
        if (source.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"Initializer {source.Name} is not float32.");
        float[] values = source.FloatData.Count > 0
            ? [.. source.FloatData]
            : MemoryMarshal.Cast<byte, float>(source.RawData.Span).ToArray();
        if (values.Length != destination.numel())
            throw new InvalidDataException($"Initializer {source.Name} has {values.Length} values, the target needs {destination.numel()}.");
        using var t = tensor(values, destination.shape);
        destination.copy_(t);
    }
}
