using TorchSharp;
using static TorchSharp.torch;
using static NotebookKit.Models.Onnx.OnnxGraph;

namespace NotebookKit.Models.Onnx;

/// <summary>
/// Swin's shifted-window attention and ViT's encoder as MatMul, Softmax, Reshape and Transpose: shapes are static at
/// the export's input size except the batch, which stays symbolic (−1 in reshapes). Swin's relative position bias and
/// shift mask depend only on the weights and the map size, so they are written as constants.
/// </summary>
sealed partial class OnnxModuleWriter
{
    OnnxValue WriteSwin(nn.Module module, string path, OnnxValue x)
    {
        switch (module)
        {
            case SwinTransformerBlock: // x + attn(norm1(x)), then + mlp(norm2(·))
                x = Add(x, Write(Child(module, "attn"), path + ".attn", Write(Child(module, "norm1"), path + ".norm1", x)));
                return Add(x, Write(Child(module, "mlp"), path + ".mlp", Write(Child(module, "norm2"), path + ".norm2", x)));
            case PatchMerging: // reduction(norm(merge(x)))
                long h = x.Sample.shape[1], w = x.Sample.shape[2];
                var padded = PadBottomRight(x.Name, h % 2, w % 2);
                string Part(long row, long column) => Slice(padded, [row, column], [h + h % 2, w + w % 2], [1, 2], [2, 2]);
                var merged = new OnnxValue(graph.Node("Concat", [Part(0, 0), Part(1, 0), Part(0, 1), Part(1, 1)], [Int("axis", -1)]), PatchMerging.Merge(x.Sample));
                return Write(Child(module, "reduction"), path + ".reduction", Write(Child(module, "norm"), path + ".norm", merged));
            default:
                return WriteWindowAttention((ShiftedWindowAttention)module, path, x);
        }
    }

    /// <summary>Pad to whole windows, roll back by the shift, attend within each window (bias, then mask), project, undo the windows, roll, crop.</summary>
    OnnxValue WriteWindowAttention(ShiftedWindowAttention attention, string path, OnnxValue input)
    {
        var (qkv, proj, window, heads) = attention.Parts;
        long h = input.Sample.shape[1], w = input.Sample.shape[2], c = input.Sample.shape[3];
        var (padBottom, padRight, shiftH, shiftW) = attention.Geometry(h, w);
        long ph = h + padBottom, pw = w + padRight, nh = ph / window, nw = pw / window, tokens = window * window, windows = nh * nw;

        var x = Roll(Roll(PadBottomRight(input.Name, padBottom, padRight), -shiftH, 1, ph), -shiftW, 2, pw);
        x = Reshape(Transpose(Reshape(x, "window_grid", -1, nh, window, nw, window, c), 0, 1, 3, 2, 4, 5), "window_tokens", -1, tokens, c);
        using var bias = attention.RelativePositionBias();
        var biasName = graph.Initializer(path + ".relative_position_bias", bias);
        string? maskName = null;
        if (shiftH + shiftW > 0)
        {
            using var mask = attention.ShiftMask(ph, pw, shiftH, shiftW, input.Sample.device).view(1, windows, 1, tokens, tokens);
            maskName = graph.Initializer(path + ".shift_mask", mask);
        }
        x = MultiHeadAttention(Linear(x, qkv.weight, qkv.bias, path + ".qkv"), tokens, c, heads, logits =>
        {
            var biased = graph.Node("Add", [logits, biasName]);
            if (maskName is null) return biased;
            var perWindow = graph.Node("Add", [Reshape(biased, "logits_per_window", -1, windows, heads, tokens, tokens), maskName]);
            return Reshape(perWindow, "logits", -1, heads, tokens, tokens);
        });
        x = Linear(x, proj.weight, proj.bias, path + ".proj");
        x = Reshape(Transpose(Reshape(x, "windows", -1, nh, nw, window, window, c), 0, 1, 3, 2, 4, 5), "map", -1, ph, pw, c);
        x = Roll(Roll(x, shiftH, 1, ph), shiftW, 2, pw);
        if (padBottom + padRight > 0) x = Slice(x, [0, 0], [h, w], [1, 2]);
        return new(x, attention.call(input.Sample));
    }

    OnnxValue WriteVit(nn.Module module, string path, OnnxValue x)
    {
        switch (module)
        {
            case VisionTransformer vit:
                return WriteVisionTransformer(vit, path, x);
            case VitEncoderBlock: // x + self_attention(ln_1(x)), then + mlp(ln_2(·))
                x = Add(Write(Child(module, "self_attention"), path + ".self_attention", Write(Child(module, "ln_1"), path + ".ln_1", x)), x);
                return Add(x, Write(Child(module, "mlp"), path + ".mlp", Write(Child(module, "ln_2"), path + ".ln_2", x)));
            default:
                var attention = (SelfAttention)module;
                var (inWeight, inBias, outProj, heads) = attention.Parts;
                var y = MultiHeadAttention(Linear(x.Name, inWeight, inBias, path + ".in_proj"), x.Sample.shape[1], x.Sample.shape[2], heads, logits => logits);
                return new(Linear(y, outProj.weight, outProj.bias, path + ".out_proj"), attention.call(x.Sample));
        }
    }

    /// <summary>Patches as tokens, the class token in front (expanded to the symbolic batch), position embedding, the blocks, the final norm, the class token out.</summary>
    OnnxValue WriteVisionTransformer(VisionTransformer vit, string path, OnnxValue x)
    {
        var (patchEmbedding, classToken, encoder) = vit.Parts;
        var patches = Transpose(Reshape(Write(patchEmbedding, path + ".conv_proj", x).Name, "patch_tokens", 0, 0, -1), 0, 2, 1);
        // Concat on the last axis of a 1-D shape is axis 0, which an int attribute cannot carry (see OnnxGraph.Int).
        var batch = Slice(graph.Node("Shape", [patches]), [0], [1], [0]);
        var classShape = graph.Node("Concat", [batch, graph.Int64Initializer("class_token_shape", 1, classToken.shape[2])], [Int("axis", -1)]);
        var classTokens = graph.Node("Expand", [graph.Initializer(path + ".class_token", classToken), classShape]);
        var tokens = graph.Node("Concat", [classTokens, patches], [Int("axis", 1)]);
        var embedded = new OnnxValue(graph.Node("Add", [tokens, graph.Initializer(path + ".encoder.pos_embedding", encoder.PositionEmbedding)]), vit.ForwardGroup(0, x.Sample));
        foreach (var (layer, i) in encoder.Layers.Select((l, i) => (l, i)))
            embedded = Write(layer, $"{path}.encoder.layers.encoder_layer_{i}", embedded);
        var normed = Write(encoder.Norm, path + ".encoder.ln", embedded);
        return new(graph.Node("Gather", [normed.Name, graph.Int64Scalar(0)], [Int("axis", 1)]), normed.Sample[TensorIndex.Colon, 0]);
    }

    /// <summary>
    /// [B, T, 3C] stacked q, k, v → per head softmax(q/√d · kᵀ + bias) · v → [B, T, C], heads concatenated;
    /// <paramref name="addBias"/> adds whatever the logits get before the softmax.
    /// </summary>
    string MultiHeadAttention(string qkv, long tokens, long channels, int heads, Func<string, string> addBias)
    {
        var d = channels / heads;
        var split = Transpose(Reshape(qkv, "qkv_heads", -1, tokens, 3, heads, d), 2, 0, 3, 1, 4);
        string Part(long i) => graph.Node("Gather", [split, graph.Int64Scalar(i)]);
        var q = graph.Node("Mul", [Part(0), graph.Scalar($"attention_scale_{d}", (float)Math.Pow(d, -0.5))]);
        var weights = graph.Node("Softmax", [addBias(graph.Node("MatMul", [q, Transpose(Part(1), 0, 1, 3, 2)]))], [Int("axis", -1)]);
        return Reshape(Transpose(graph.Node("MatMul", [weights, Part(2)]), 0, 2, 1, 3), "heads_concatenated", -1, tokens, channels);
    }
}
