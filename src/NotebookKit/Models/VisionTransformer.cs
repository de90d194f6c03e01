using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision 0.14's ViT-B/16 up to its pre-logits (TorchVision 0.107 has no ViT): 16×16 patch embedding (conv_proj),
/// class token, encoder (pos_embedding, 12 encoder_layer_N, final LayerNorm ln), then the class token's 768 features;
/// torchvision's heads.head is dropped. Module names are torchvision's. The position embedding fixes the input at 224 px.
/// Layer groups: stem = patch embedding, class token and position embedding; layer1–layer4 = encoder layers in threes
/// (the last with the final norm).
/// </summary>
public sealed class VisionTransformer : Module<Tensor, Tensor>, IBackbone
{
    const int Patch = 16, Hidden = 768, Layers = 12, HeadCount = 12, MlpDim = 3072;
    public const int ImageSize = 224;

    readonly Conv2d conv_proj;
    readonly Parameter class_token;
    readonly VitEncoder encoder;

    public int FeatureCount => Hidden;

    internal (Conv2d PatchEmbedding, Parameter ClassToken, VitEncoder Encoder) Parts => (conv_proj, class_token, encoder);

    VisionTransformer() : base("vit_b_16")
    {
        conv_proj = Conv2d(3, Hidden, Patch, stride: Patch);
        class_token = Parameter(zeros(1, 1, Hidden));
        encoder = new VitEncoder((ImageSize / Patch) * (ImageSize / Patch) + 1, Layers, HeadCount, Hidden, MlpDim);
        RegisterComponents();
    }

    public static VisionTransformer B16() => new();

    public IReadOnlyList<LayerGroup> LayerGroups
    {
        get
        {
            var layers = encoder.Layers;
            return
            [
                new("stem", [conv_proj]) { OwnParameters = [class_token, encoder.PositionEmbedding] },
                new("layer1", layers[0..3]),
                new("layer2", layers[3..6]),
                new("layer3", layers[6..9]),
                new("layer4", [.. layers[9..12], encoder.Norm]),
            ];
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var g = 0; g < 5; g++) x = ForwardGroup(g, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Group 0: images → tokens [N, 197, 768] with position embedding; 1–3: three encoder layers each; 4: three more, the norm, the class token.</summary>
    public Tensor ForwardGroup(int index, Tensor x)
    {
        using var scope = NewDisposeScope();
        switch (index)
        {
            case 0:
                if (x.shape[2] != ImageSize || x.shape[3] != ImageSize)
                    throw new ArgumentException($"ViT-B/16 takes {ImageSize}×{ImageSize} images (its position embedding is learned for 14×14 patches), not {x.shape[2]}×{x.shape[3]}.");
                var patches = conv_proj.call(x).flatten(2).transpose(1, 2);
                x = encoder.Embed(cat([class_token.expand(x.shape[0], -1, -1), patches], 1));
                break;
            case 4:
                x = encoder.Norm.call(encoder.Run(x, 9, 12))[TensorIndex.Colon, 0];
                break;
            default:
                x = encoder.Run(x, 3 * (index - 1), 3 * index);
                break;
        }
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's ViT Encoder: pos_embedding, dropout, layers (encoder_layer_0 …), ln.</summary>
sealed class VitEncoder : Module<Tensor, Tensor>
{
    readonly Parameter pos_embedding;
    readonly Dropout dropout = Dropout(0.0);
    readonly Sequential layers;
    readonly LayerNorm ln;

    public VitEncoder(int sequence, int count, int heads, int hidden, int mlp) : base("Encoder")
    {
        pos_embedding = Parameter(empty(1, sequence, hidden).normal_(std: 0.02));
        layers = Sequential(Enumerable.Range(0, count).Select(i => ($"encoder_layer_{i}", (Module<Tensor, Tensor>)new VitEncoderBlock(heads, hidden, mlp))).ToList());
        ln = LayerNorm(hidden, eps: 1e-6);
        RegisterComponents();
    }

    internal Parameter PositionEmbedding => pos_embedding;
    internal nn.Module[] Layers => [.. layers.children()];
    internal LayerNorm Norm => ln;

    internal Tensor Embed(Tensor tokens) => dropout.call(tokens + pos_embedding);

    internal Tensor Run(Tensor x, int from, int to)
    {
        var all = layers.children().Cast<Module<Tensor, Tensor>>().ToList();
        for (var i = from; i < to; i++) x = all[i].call(x);
        return x;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ln.call(layers.call(Embed(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's EncoderBlock: x + attention(ln_1(x)), then + mlp(ln_2(·)); mlp = Linear, GELU, Dropout, Linear, Dropout.</summary>
sealed class VitEncoderBlock : Module<Tensor, Tensor>
{
    readonly LayerNorm ln_1, ln_2;
    readonly SelfAttention self_attention;
    readonly Dropout dropout = Dropout(0.0);
    readonly Sequential mlp;

    public VitEncoderBlock(int heads, int hidden, int mlpDim) : base("EncoderBlock")
    {
        ln_1 = LayerNorm(hidden, eps: 1e-6);
        self_attention = new SelfAttention(hidden, heads);
        ln_2 = LayerNorm(hidden, eps: 1e-6);
        mlp = Sequential(("0", Linear(hidden, mlpDim)), ("1", GELU()), ("2", Dropout(0.0)), ("3", Linear(mlpDim, hidden)), ("4", Dropout(0.0)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = dropout.call(self_attention.call(ln_1.call(input))) + input;
        return (x + mlp.call(ln_2.call(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// PyTorch's nn.MultiheadAttention as ViT uses it (batch first, self-attention, no mask), with its parameter names:
/// in_proj_weight and in_proj_bias (q, k and v stacked), out_proj.
/// </summary>
sealed class SelfAttention : Module<Tensor, Tensor>, IMacCounted
{
    readonly Parameter in_proj_weight, in_proj_bias;
    readonly Linear out_proj;
    readonly int heads;

    internal (Parameter InProjWeight, Parameter InProjBias, Linear OutProj, int Heads) Parts => (in_proj_weight, in_proj_bias, out_proj, heads);

    public SelfAttention(int hidden, int heads) : base("MultiheadAttention")
    {
        this.heads = heads;
        in_proj_weight = Parameter(empty(3 * hidden, hidden));
        init.xavier_uniform_(in_proj_weight);
        in_proj_bias = Parameter(zeros(3 * hidden));
        out_proj = Linear(hidden, hidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (n, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = functional.linear(x, in_proj_weight, in_proj_bias).view(n, t, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        var attention = functional.softmax((q * Math.Pow(c / heads, -0.5)).matmul(k.transpose(-2, -1)), -1);
        var y = attention.matmul(v).transpose(1, 2).reshape(n, t, c);
        return out_proj.call(y).MoveToOuterDisposeScope();
    }

    /// <summary>The q/k/v projection and the two attention products (out_proj is a Linear, counted on its own).</summary>
    public long Macs(Tensor output)
    {
        var (t, c) = (output.shape[1], output.shape[2]);
        return t * c * 3 * c + 2 * t * t * c;
    }
}
