using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision 0.14's Swin-T features (TorchVision 0.107 has none), with its module names: features.0 (4×4 patch
/// embedding + LayerNorm, channels last), features.1/3/5/7 (stages of SwinTransformerBlocks), features.2/4/6 (PatchMerging).
/// Tensors stay channels last ([N, H, W, C]) until the final norm, as in torchvision.
/// </summary>
public static class SwinTransformer
{
    static readonly int[] Depths = [2, 2, 6, 2];
    static readonly int[] Heads = [3, 6, 12, 24];
    const int EmbedDim = 96, Window = 7;
    const double StochasticDepth = 0.2;

    public const int TinyFeatures = 768;

    public static Sequential TinyFeatureLayers()
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", Sequential(("0", Conv2d(3, EmbedDim, 4, stride: 4)), ("1", new Permute(0, 2, 3, 1)), ("2", LayerNorm(EmbedDim, eps: 1e-5)))),
        };
        var total = Depths.Sum();
        var blockId = 0;
        var dim = EmbedDim;
        for (var s = 0; s < Depths.Length; s++)
        {
            var stage = new List<(string, Module<Tensor, Tensor>)>();
            for (var i = 0; i < Depths[s]; i++)
                stage.Add((i.ToString(), new SwinTransformerBlock(dim, Heads[s], Window, i % 2 == 0 ? 0 : Window / 2, StochasticDepth * blockId++ / (total - 1.0))));
            layers.Add((layers.Count.ToString(), Sequential(stage)));
            if (s + 1 < Depths.Length)
            {
                layers.Add((layers.Count.ToString(), new PatchMerging(dim)));
                dim *= 2;
            }
        }
        return Sequential(layers);
    }
}

/// <summary>torchvision's PatchMerging: 2×2 neighbours concatenated (padding odd sizes), LayerNorm, Linear 4C → 2C without bias.</summary>
sealed class PatchMerging : Module<Tensor, Tensor>
{
    readonly Linear reduction;
    readonly LayerNorm norm;

    public PatchMerging(int dim) : base(nameof(PatchMerging))
    {
        reduction = Linear(4 * dim, 2 * dim, hasBias: false);
        norm = LayerNorm(4 * dim, eps: 1e-5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return reduction.call(norm.call(Merge(x))).MoveToOuterDisposeScope();
    }

    /// <summary>[N, H, W, C] → [N, ⌈H/2⌉, ⌈W/2⌉, 4C]: rows and columns (even, even), (odd, even), (even, odd), (odd, odd).</summary>
    internal static Tensor Merge(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (x.shape[^3], x.shape[^2]);
        x = functional.pad(x, [0, 0, 0, w % 2, 0, h % 2]);
        var (e, o) = (TensorIndex.Slice(0, null, 2), TensorIndex.Slice(1, null, 2));
        var c = TensorIndex.Colon;
        return cat([x[TensorIndex.Ellipsis, e, e, c], x[TensorIndex.Ellipsis, o, e, c], x[TensorIndex.Ellipsis, e, o, c], x[TensorIndex.Ellipsis, o, o, c]], -1).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's SwinTransformerBlock: x + attn(norm1(x)), then x + mlp(norm2(x)), each branch under stochastic depth.</summary>
sealed class SwinTransformerBlock : Module<Tensor, Tensor>
{
    readonly LayerNorm norm1, norm2;
    readonly ShiftedWindowAttention attn;
    readonly Sequential mlp;
    readonly double dropProbability;

    public SwinTransformerBlock(int dim, int heads, int window, int shift, double stochasticDepth) : base(nameof(SwinTransformerBlock))
    {
        norm1 = LayerNorm(dim, eps: 1e-5);
        attn = new ShiftedWindowAttention(dim, window, shift, heads);
        norm2 = LayerNorm(dim, eps: 1e-5);
        mlp = Sequential(("0", Linear(dim, 4 * dim)), ("1", GELU()), ("2", Dropout(0.0)), ("3", Linear(4 * dim, dim)), ("4", Dropout(0.0)));
        dropProbability = stochasticDepth;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = x + TorchVisionLayers.StochasticDepth(attn.call(norm1.call(x)), dropProbability, training);
        x = x + TorchVisionLayers.StochasticDepth(mlp.call(norm2.call(x)), dropProbability, training);
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// torchvision's ShiftedWindowAttention: multi-head self-attention inside 7×7 windows (cyclically shifted by half a
/// window every other block, with a mask between regions that the shift made adjacent), plus a learned relative
/// position bias. Its relative_position_index is a persistent buffer in torchvision's state dict, so it is here too.
/// </summary>
sealed class ShiftedWindowAttention : Module<Tensor, Tensor>, IMacCounted
{
    readonly Linear qkv, proj;
    readonly Parameter relative_position_bias_table;
    readonly Tensor relative_position_index;
    readonly int window, shift, heads;

    public ShiftedWindowAttention(int dim, int window, int shift, int heads) : base(nameof(ShiftedWindowAttention))
    {
        (this.window, this.shift, this.heads) = (window, shift, heads);
        qkv = Linear(dim, dim * 3);
        proj = Linear(dim, dim);
        relative_position_bias_table = Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
        init.trunc_normal_(relative_position_bias_table, std: 0.02);
        relative_position_index = RelativePositionIndex(window);
        RegisterComponents();
    }

    /// <summary>For each (query, key) pair of window positions, the row of the bias table for their offset (dy, dx).</summary>
    static Tensor RelativePositionIndex(int window)
    {
        var n = window * window;
        var index = new long[n * n];
        for (var q = 0; q < n; q++)
            for (var k = 0; k < n; k++)
            {
                var dy = q / window - k / window + window - 1;
                var dx = q % window - k % window + window - 1;
                index[q * n + k] = dy * (2 * window - 1) + dx;
            }
        return tensor(index);
    }

    internal (Linear Qkv, Linear Proj, int Window, int Heads) Parts => (qkv, proj, window, heads);

    /// <summary>For an [N, h, w, C] input: the zero padding to whole windows, and the shift per dimension (none when one window covers the padded map).</summary>
    internal (long PadBottom, long PadRight, int ShiftH, int ShiftW) Geometry(long h, long w)
    {
        var (padBottom, padRight) = ((window - h % window) % window, (window - w % window) % window);
        return (padBottom, padRight, window >= h + padBottom ? 0 : shift, window >= w + padRight ? 0 : shift);
    }

    /// <summary>[1, heads, tokens, tokens]: each head's learned bias for the offset between query and key.</summary>
    internal Tensor RelativePositionBias()
    {
        var tokens = window * window;
        return relative_position_bias_table.index_select(0, relative_position_index).view(tokens, tokens, -1).permute(2, 0, 1).contiguous().unsqueeze(0);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (b, h, w, c) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        var (padBottom, padRight, sh, sw) = Geometry(h, w);
        var x = functional.pad(input, [0, 0, 0, padRight, 0, padBottom]);
        var (ph, pw) = (x.shape[1], x.shape[2]);
        if (sh + sw > 0) x = roll(x, [-sh, -sw], [1, 2]);

        var (nh, nw) = (ph / window, pw / window);
        var windows = nh * nw;
        var tokens = window * window;
        x = x.view(b, nh, window, nw, window, c).permute(0, 1, 3, 2, 4, 5).reshape(b * windows, tokens, c);

        var qkvOut = qkv.call(x).reshape(x.shape[0], tokens, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (qkvOut[0], qkvOut[1], qkvOut[2]);
        q = q * Math.Pow(c / heads, -0.5);
        var attention = q.matmul(k.transpose(-2, -1));
        attention = attention + RelativePositionBias();
        if (sh + sw > 0)
        {
            var mask = ShiftMask(ph, pw, sh, sw, x.device);
            attention = (attention.view(b, windows, heads, tokens, tokens) + mask.unsqueeze(1).unsqueeze(0)).view(-1, heads, tokens, tokens);
        }
        attention = functional.softmax(attention, -1);
        x = attention.matmul(v).transpose(1, 2).reshape(x.shape[0], tokens, c);
        x = proj.call(x);

        x = x.view(b, nh, nw, window, window, c).permute(0, 1, 3, 2, 4, 5).reshape(b, ph, pw, c);
        if (sh + sw > 0) x = roll(x, [sh, sw], [1, 2]);
        return x[TensorIndex.Colon, TensorIndex.Slice(0, h), TensorIndex.Slice(0, w), TensorIndex.Colon].contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The two attention products in every window of the padded map (qkv and proj are Linears, counted on their own).</summary>
    public long Macs(Tensor output)
    {
        var windows = (output.shape[1] + window - 1) / window * ((output.shape[2] + window - 1) / window);
        return 2 * windows * window * window * window * window * output.shape[3];
    }

    /// <summary>
    /// [windows, tokens, tokens]: 0 between tokens of the same region of the shifted map, −100 between regions the
    /// cyclic shift brought together (torchvision's three slices per dimension: [0, −window), [−window, −shift), [−shift, end)).
    /// </summary>
    internal Tensor ShiftMask(long ph, long pw, int sh, int sw, Device device)
    {
        // An unshifted dimension is one region (torchvision's last slice, [−0, end), covers it all).
        static int Region(long i, long size, int shift, int window) => shift == 0 ? 0 : i < size - window ? 0 : i < size - shift ? 1 : 2;
        var labels = new float[ph * pw];
        for (var i = 0; i < ph; i++)
            for (var j = 0; j < pw; j++)
                labels[i * pw + j] = Region(i, ph, sh, window) * 3 + Region(j, pw, sw, window);
        var mask = tensor(labels, device: device).view(ph / window, window, pw / window, window).permute(0, 2, 1, 3).reshape(-1, window * window);
        var diff = mask.unsqueeze(1) - mask.unsqueeze(2);
        return diff.ne(0).to_type(ScalarType.Float32) * -100f;
    }
}
