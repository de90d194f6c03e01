using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static NotebookKit.Models.Onnx.OnnxGraph;

namespace NotebookKit.Models.Onnx;

/// <summary>
/// The layers and blocks of the 2019–2022 CNNs (ConvNeXt, EfficientNetV2, RegNet, MobileNetV3), and the primitives the
/// transformers share. Opset 13 has no LayerNormalization (17), Gelu (20) or HardSwish (14), so they are decomposed
/// into operators every runtime reading opset 13 has; stochastic depth is the identity in eval mode and is not written.
/// </summary>
sealed partial class OnnxModuleWriter
{
    OnnxValue WriteModernLayer(nn.Module module, string path, OnnxValue x)
    {
        var expected = ((nn.Module<Tensor, Tensor>)module).call(x.Sample);
        switch (module)
        {
            case LayerNorm ln:
                if (ln.weight is null || ln.bias is null) throw Unsupported(module, path, "LayerNorm without affine parameters");
                return new(LayerNormalization(x.Name, -1, ln.weight, ln.bias, ln.eps, path), expected);
            case LayerNorm2d ln2d: // over the channels of NCHW: the same normalisation on axis 1, no permutes needed
                var (weight, bias, eps) = ln2d.Parts;
                using (var w = weight.view(-1, 1, 1))
                using (var b = bias.view(-1, 1, 1))
                    return new(LayerNormalization(x.Name, 1, w, b, eps, path), expected);
            case GELU gelu:
                if (gelu.approximate != GELU.Approximate.none) throw Unsupported(module, path, "GELU with the tanh approximation");
                return new(Gelu(x.Name), expected);
            case Hardswish: // x · hardsigmoid(x)
                return new(graph.Node("Mul", [x.Name, HardSigmoid(x.Name)]), expected);
            case Hardsigmoid:
                return new(HardSigmoid(x.Name), expected);
            case Sigmoid:
                return new(graph.Node("Sigmoid", [x.Name]), expected);
            default:
                return new(graph.Node("Transpose", [x.Name], [Ints("perm", ((Permute)module).Dims)]), expected);
        }
    }

    OnnxValue WriteModernBlock(nn.Module module, string path, OnnxValue x)
    {
        switch (module)
        {
            case CNBlock cn: // layer_scale · block(x) + x
                var y = Write(Child(module, "block"), path + ".block", x);
                var scaled = graph.Node("Mul", [graph.Initializer(path + ".layer_scale", cn.LayerScale), y.Name]);
                return new(graph.Node("Add", [scaled, x.Name]), cn.call(x.Sample));
            case FusedMBConv or InvertedResidualV3: // block(x), plus x when the block keeps the shape
                return Residual(Write(Child(module, "block"), path + ".block", x), x);
            default: // RegNet's ResBottleneckBlock: relu(proj(x) or x, + f(x))
                var shortcut = module.named_children().Any(c => c.name == "proj") ? Write(Child(module, "proj"), path + ".proj", x) : x;
                return Relu(Add(shortcut, Write(Child(module, "f"), path + ".f", x)));
        }
    }

    /// <summary>(x − mean) / sqrt(var + eps) · weight + bias over <paramref name="axis"/>, the biased variance as PyTorch's layer_norm.</summary>
    string LayerNormalization(string x, long axis, Tensor weight, Tensor bias, double eps, string path)
    {
        var centred = graph.Node("Sub", [x, graph.Node("ReduceMean", [x], [Ints("axes", [axis])])]);
        var variance = graph.Node("ReduceMean", [graph.Node("Mul", [centred, centred])], [Ints("axes", [axis])]);
        var std = graph.Node("Sqrt", [graph.Node("Add", [variance, graph.Scalar($"eps_{eps:R}", (float)eps)])]);
        var normalised = graph.Node("Div", [centred, std]);
        return graph.Node("Add", [graph.Node("Mul", [normalised, graph.Initializer(path + ".weight", weight)]), graph.Initializer(path + ".bias", bias)]);
    }

    /// <summary>PyTorch's exact GELU: x · 0.5 · (1 + erf(x / √2)).</summary>
    string Gelu(string x)
    {
        var erf = graph.Node("Erf", [graph.Node("Mul", [x, graph.Scalar("inv_sqrt2", (float)(1 / Math.Sqrt(2)))])]);
        return graph.Node("Mul", [graph.Node("Mul", [x, graph.Scalar("half", 0.5f)]), graph.Node("Add", [erf, graph.Scalar("one", 1f)])]);
    }

    /// <summary>PyTorch's hardsigmoid, relu6(x + 3) / 6, as ONNX's HardSigmoid (max(0, min(1, x/6 + 1/2))).</summary>
    string HardSigmoid(string x) => graph.Node("HardSigmoid", [x], [Float("alpha", 1f / 6), Float("beta", 0.5f)]);

    /// <summary>A Linear on the last axis of any rank: MatMul with the transposed weight, then the bias.</summary>
    string Linear(string x, Tensor weight, Tensor? bias, string path)
    {
        using var transposed = weight.t();
        var y = graph.Node("MatMul", [x, graph.Initializer(path + ".weight_t", transposed)]);
        return bias is null ? y : graph.Node("Add", [y, graph.Initializer(path + ".bias", bias)]);
    }

    string Reshape(string x, string name, params long[] shape) => graph.Node("Reshape", [x, graph.Int64Initializer(name, shape)]);

    string Transpose(string x, params long[] perm) => graph.Node("Transpose", [x], [Ints("perm", perm)]);

    /// <summary>x[starts:ends:steps] on <paramref name="axes"/>.</summary>
    string Slice(string x, long[] starts, long[] ends, long[] axes, long[]? steps = null)
    {
        List<string> inputs = [x, graph.Int64Initializer("starts", starts), graph.Int64Initializer("ends", ends), graph.Int64Initializer("axes", axes)];
        if (steps is not null) inputs.Add(graph.Int64Initializer("steps", steps));
        return graph.Node("Slice", inputs);
    }

    /// <summary>torch.roll by <paramref name="shift"/> on one axis of static <paramref name="size"/>: the last k entries moved to the front.</summary>
    string Roll(string x, long shift, long axis, long size)
    {
        var k = (shift % size + size) % size;
        if (k == 0) return x;
        return graph.Node("Concat", [Slice(x, [size - k], [size], [axis]), Slice(x, [0], [size - k], [axis])], [Int("axis", axis)]);
    }

    /// <summary>Zero padding of an [N, H, W, C] tensor at the bottom and right (ONNX's pads: all begins, then all ends).</summary>
    string PadBottomRight(string x, long bottom, long right) =>
        bottom + right == 0 ? x : graph.Node("Pad", [x, graph.Int64Initializer("pads", 0, 0, 0, 0, 0, bottom, right, 0)]);
}
