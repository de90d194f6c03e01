using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static NotebookKit.Models.Onnx.OnnxGraph;

namespace NotebookKit.Models.Onnx;

/// <summary>A graph value: its ONNX name and the tensor the PyTorch module produced there for the export's sample input.</summary>
readonly record struct OnnxValue(string Name, Tensor Sample);

/// <summary>
/// Writes eval-mode TorchSharp modules as ONNX nodes, by walking the module tree: layers (Conv2d, BatchNorm2d, Linear,
/// pooling, activations) map to one operator each, and the kit's and TorchVision's blocks (residual, inverted residual,
/// squeeze-excitation, inception) are written from their forward. The sample tensor carried along gives every shape
/// (adaptive pooling, whether a block's residual applies) exactly as the module computes it. A module it does not know
/// is an error, never a silent approximation.
/// </summary>
sealed partial class OnnxModuleWriter(OnnxGraph graph)
{
    public OnnxValue Write(nn.Module module, string path, OnnxValue x)
    {
        switch (module)
        {
            case Sequential:
            case StagedBackbone:
            case ClassifierHead:
                foreach (var (name, child) in module.named_children()) x = Write(child, $"{path}.{name}", x);
                return x;
            case Conv2d conv: return WriteConv(conv, path, x);
            case BatchNorm2d bn: return WriteBatchNorm(bn, path, x);
            case Linear linear: return WriteLinear(linear, path, x);
            case MaxPool2d pool: return WriteMaxPool(pool, x);
            case AdaptiveAvgPool2d pool: return WriteAdaptiveAvgPool(pool.output_size, x);
            case Flatten flatten:
                if (flatten.end_dim != -1) throw Unsupported(module, path, "Flatten with an end dimension");
                return Op("Flatten", [x], x.Sample.flatten(flatten.start_dim), [Int("axis", flatten.start_dim)]);
            case Dropout: return x; // identity in eval mode
            case ReLU: return Op("Relu", [x], nn.functional.relu(x.Sample));
            case ReLU6: return Relu6(x);
            case SiLU: return SiLu(x);
            case ResNetBackbone resnet: return WriteResNet(resnet, path, x);
            case BasicBlock or Bottleneck: return WriteResidualBlock(module, path, x);
            case LeNet5 lenet: return WriteLeNet(lenet, path, x);
            case MBConv or SqueezeExcitation or GoogLeNetInputTransform: return WriteKitBlock(module, path, x);
            case LayerNorm or LayerNorm2d or GELU or Hardswish or Hardsigmoid or Sigmoid or Permute: return WriteModernLayer(module, path, x);
            case CNBlock or FusedMBConv or InvertedResidualV3 or RegNet.ResBottleneckBlock: return WriteModernBlock(module, path, x);
            case SwinTransformerBlock or PatchMerging or ShiftedWindowAttention: return WriteSwin(module, path, x);
            case VisionTransformer or VitEncoderBlock or SelfAttention: return WriteVit(module, path, x);
        }
        // TorchVision's private block classes, recognised by name (their forward is quoted in the comments).
        return module.GetType().Name switch
        {
            "InvertedResidual" => Residual(Write(Child(module, "conv"), path + ".conv", x), x), // use_res_connect: x + conv(x)
            "Inception" => WriteInception(module, path, x),
            _ => throw Unsupported(module, path, module.GetType().Name),
        };
    }

    OnnxValue WriteConv(Conv2d conv, string path, OnnxValue x)
    {
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding is null) throw Unsupported(conv, path, "Conv2d with non-zero or 'same' padding");
        var inputs = new List<string> { x.Name, graph.Initializer(path + ".weight", conv.weight) };
        if (conv.bias is not null) inputs.Add(graph.Initializer(path + ".bias", conv.bias));
        return Op("Conv", inputs, conv.call(x.Sample),
        [
            Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride), Ints("dilations", conv.dilation),
            Ints("pads", [.. conv.padding, .. conv.padding]), Int("group", conv.groups),
        ]);
    }

    /// <summary>Inference-mode BatchNormalization with the running statistics (runtimes fold it into the conv before).</summary>
    OnnxValue WriteBatchNorm(BatchNorm2d bn, string path, OnnxValue x)
    {
        using var ones = torch.ones(bn.num_features);
        using var zeros = torch.zeros(bn.num_features);
        string[] inputs =
        [
            x.Name, graph.Initializer(path + ".weight", bn.weight ?? ones), graph.Initializer(path + ".bias", bn.bias ?? zeros),
            graph.Initializer(path + ".running_mean", bn.running_mean ?? zeros), graph.Initializer(path + ".running_var", bn.running_var ?? ones),
        ];
        return Op("BatchNormalization", inputs, bn.call(x.Sample), [Float("epsilon", (float)bn.eps)]);
    }

    /// <summary>Gemm for [N, features]; a MatMul with the transposed weight (and an Add) for token or channels-last inputs.</summary>
    OnnxValue WriteLinear(Linear linear, string path, OnnxValue x)
    {
        if (x.Sample.dim() > 2) return new(Linear(x.Name, linear.weight, linear.bias, path), linear.call(x.Sample));
        var inputs = new List<string> { x.Name, graph.Initializer(path + ".weight", linear.weight) };
        if (linear.bias is not null) inputs.Add(graph.Initializer(path + ".bias", linear.bias));
        return Op("Gemm", inputs, linear.call(x.Sample), [Int("transB", 1)]);
    }

    OnnxValue WriteMaxPool(MaxPool2d pool, OnnxValue x)
    {
        var padding = pool.padding ?? [0, 0];
        List<AttributeProto> attributes =
        [
            Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size),
            Ints("dilations", pool.dilation ?? [1, 1]), Ints("pads", [.. padding, .. padding]),
        ];
        // ceil_mode is written only when set (see OnnxGraph.Int).
        if (pool.ceil_mode) attributes.Add(Int("ceil_mode", 1));
        return Op("MaxPool", [x], pool.call(x.Sample), [.. attributes]);
    }

    /// <summary>
    /// Adaptive average pooling at the export's fixed input size: nothing when the map already has the output size,
    /// GlobalAveragePool for 1×1, else a matrix product with PyTorch's bins (floor(i·H/h) … ceil((i+1)·H/h)), exact
    /// whether or not the sizes divide.
    /// </summary>
    OnnxValue WriteAdaptiveAvgPool(long[] outputSize, OnnxValue x)
    {
        long h = x.Sample.shape[2], w = x.Sample.shape[3], oh = outputSize[0], ow = outputSize[1];
        var expected = nn.functional.adaptive_avg_pool2d(x.Sample, outputSize);
        if (oh == h && ow == w) return x;
        if (oh == 1 && ow == 1) return Op("GlobalAveragePool", [x], expected);
        var bins = new float[h * w * oh * ow];
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            long h0 = i * h / oh, h1 = ((i + 1) * h + oh - 1) / oh, w0 = j * w / ow, w1 = ((j + 1) * w + ow - 1) / ow;
            for (var r = h0; r < h1; r++)
            for (var c = w0; c < w1; c++)
                bins[(r * w + c) * oh * ow + i * ow + j] = 1f / ((h1 - h0) * (w1 - w0));
        }
        var flat = graph.Node("Reshape", [x.Name, graph.Int64Initializer("flatten_spatial", 0, 0, -1)]);
        var pooled = graph.Node("MatMul", [flat, graph.Initializer("adaptive_pool_bins", bins, h * w, oh * ow)]);
        return new(graph.Node("Reshape", [pooled, graph.Int64Initializer("pooled_shape", 0, 0, oh, ow)]), expected);
    }

    /// <summary>conv1 → bn1 → ReLU → max-pool → layer1 … layer4 → global average pool (unless flattened) → flatten, as ResNetBackbone.ForwardGroup.</summary>
    OnnxValue WriteResNet(ResNetBackbone resnet, string path, OnnxValue x)
    {
        x = Write(Child(resnet, "conv1"), path + ".conv1", x);
        x = Relu(Write(Child(resnet, "bn1"), path + ".bn1", x));
        string[] stages = ["maxpool", "layer1", "layer2", "layer3", "layer4", .. resnet.Pooling == Pooling.Avg ? ["avgpool"] : Array.Empty<string>()];
        foreach (var name in stages) x = Write(Child(resnet, name), $"{path}.{name}", x);
        return Op("Flatten", [x], x.Sample.flatten(1), [Int("axis", 1)]);
    }

    /// <summary>BasicBlock / Bottleneck: (conv → bn → ReLU)×(2 or 3, the last without ReLU) + identity or downsample, then ReLU.</summary>
    OnnxValue WriteResidualBlock(nn.Module block, string path, OnnxValue x)
    {
        var children = block.named_children().ToDictionary(c => c.name, c => c.module);
        var convs = children.Keys.Where(k => k.StartsWith("conv")).Order().ToList();
        var y = x;
        for (var i = 0; i < convs.Count; i++)
        {
            var bn = convs[i].Replace("conv", "bn");
            y = Write(children[bn], $"{path}.{bn}", Write(children[convs[i]], $"{path}.{convs[i]}", y));
            if (i < convs.Count - 1) y = Relu(y);
        }
        var shortcut = children.TryGetValue("downsample", out var downsample) ? Write(downsample, path + ".downsample", x) : x;
        return Relu(Add(y, shortcut));
    }

    /// <summary>Each layer with its tanh; the convs with 2×2 average pooling, as LeNet5.ForwardGroup.</summary>
    OnnxValue WriteLeNet(LeNet5 lenet, string path, OnnxValue x)
    {
        OnnxValue TanhOf(string name, OnnxValue v) { var y = Write(Child(lenet, name), $"{path}.{name}", v); return Op("Tanh", [y], y.Sample.tanh()); }
        OnnxValue Pool(OnnxValue v) => Op("AveragePool", [v], nn.functional.avg_pool2d(v.Sample, 2), [Ints("kernel_shape", [2, 2]), Ints("strides", [2, 2])]);
        x = Pool(TanhOf("conv1", x));
        x = Pool(TanhOf("conv2", x));
        x = Op("Flatten", [x], x.Sample.flatten(1), [Int("axis", 1)]);
        return TanhOf("fc2", TanhOf("fc1", x));
    }

    OnnxValue WriteKitBlock(nn.Module module, string path, OnnxValue x)
    {
        switch (module)
        {
            case MBConv: // block(x), plus x when stride 1 and channels unchanged; stochastic depth is off in eval mode
                return Residual(Write(Child(module, "block"), path + ".block", x), x);
            case SqueezeExcitation: // x * scale_activation(fc2(activation(fc1(avgpool(x))))): SiLU and sigmoid, ReLU and hard sigmoid, or ReLU and sigmoid
                var s = x;
                foreach (var name in new[] { "avgpool", "fc1", "activation", "fc2", "scale_activation" }) s = Write(Child(module, name), $"{path}.{name}", s);
                return Op("Mul", [x, s], x.Sample * s.Sample);
            default:
                var t = (GoogLeNetInputTransform)module;
                var (scale, shift) = (graph.Initializer(path + ".scale", t.Scale, 1, 3, 1, 1), graph.Initializer(path + ".shift", t.Shift, 1, 3, 1, 1));
                return new(graph.Node("Add", [graph.Node("Mul", [x.Name, scale]), shift]), t.call(x.Sample));
        }
    }

    /// <summary>TorchVision's Inception: cat([branch1(x), branch2(x), branch3(x), branch4(x)], 1).</summary>
    OnnxValue WriteInception(nn.Module inception, string path, OnnxValue x)
    {
        OnnxValue[] branches = [.. new[] { "branch1", "branch2", "branch3", "branch4" }.Select(b => Write(Child(inception, b), $"{path}.{b}", x))];
        return Op("Concat", branches, cat([.. branches.Select(b => b.Sample)], 1), [Int("axis", 1)]);
    }

    /// <summary>A block's residual: added when the block keeps the shape (stride 1, same channels), which is exactly when its forward adds it.</summary>
    OnnxValue Residual(OnnxValue y, OnnxValue x) => y.Sample.shape.SequenceEqual(x.Sample.shape) ? Add(y, x) : y;

    OnnxValue Add(OnnxValue a, OnnxValue b) => Op("Add", [a, b], a.Sample + b.Sample);

    OnnxValue Relu(OnnxValue x) => Op("Relu", [x], nn.functional.relu(x.Sample));

    /// <summary>
    /// min(max(x, 0), 6) as 6 − relu(6 − relu(x)), not Clip: opset 13's Clip takes its bounds as inputs, which OpenCV's
    /// dnn (4.6) cannot read. Off by at most one rounding of 6 (±2.4e-7) for outputs below 3, exact above.
    /// </summary>
    OnnxValue Relu6(OnnxValue x)
    {
        var six = graph.Scalar("six", 6f);
        var inner = graph.Node("Relu", [graph.Node("Sub", [six, graph.Node("Relu", [x.Name])])]);
        return new(graph.Node("Sub", [six, inner]), nn.functional.relu6(x.Sample));
    }

    OnnxValue SiLu(OnnxValue x) => Op("Mul", [x, Op("Sigmoid", [x], x.Sample.sigmoid())], nn.functional.silu(x.Sample));

    OnnxValue Op(string op, OnnxValue[] inputs, Tensor sample, AttributeProto[]? attributes = null) =>
        Op(op, [.. inputs.Select(i => i.Name)], sample, attributes);

    OnnxValue Op(string op, IEnumerable<string> inputs, Tensor sample, AttributeProto[]? attributes = null) =>
        new(graph.Node(op, inputs, attributes), sample);

    static nn.Module Child(nn.Module module, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new InvalidOperationException($"{module.GetType().Name} has no child '{name}'; the ONNX writer no longer matches this architecture.");

    static NotSupportedException Unsupported(nn.Module module, string path, string what) =>
        new($"ONNX export does not support {what} (module '{path}', {module.GetType().FullName}). ONNX export covers the zoo's backbones (Pretrained.All) and the kit's heads.");
}
