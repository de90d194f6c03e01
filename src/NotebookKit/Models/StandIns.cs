using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// A module that takes another's place while an execution plan runs (see <see cref="ModuleSwaps"/>). It registers the
/// original's parameters and buffers under their own names, so state dicts, checkpoints and the optimizer see exactly the
/// tensors they saw before; only how the forward pass computes differs.
/// </summary>
public abstract class StandIn : nn.Module<Tensor, Tensor>
{
    protected StandIn(string name, nn.Module original) : base(name)
    {
        foreach (var (n, p) in original.named_parameters(recurse: false)) register_parameter(n, p);
        foreach (var (n, b) in original.named_buffers(recurse: false)) register_buffer(n, b);
        RegisterComponents(); // now, while the subclass's own tensors (kept outside fields of type Tensor) cannot be taken for buffers
        train(original.training);
    }

    /// <summary>Frees the tensors this stand-in made (never the original's).</summary>
    public virtual void Release() { }

    /// <summary>Convolutions the stand-ins can recompute with <c>functional.conv2d</c>: zero padding given as numbers.</summary>
    public static bool CanReplace(Conv2d conv) => conv.padding_mode == PaddingModes.Zeros && conv.padding is not null;
}

/// <summary>
/// An eval-only convolution with a BatchNorm folded in (PyTorch's fused ConvBn for inference), its weights channels-last
/// and in <paramref name="dtype"/>: eval-mode BatchNorm is y = γ(x − μ)/√(σ² + ε) + β per channel, an affine map, so
/// W′ = W·s and b′ = (b − μ)·s + β with s = γ/√(σ² + ε). Without a BatchNorm it is the convolution in that layout and dtype.
/// </summary>
public sealed class FusedConv2d : StandIn
{
    readonly Conv2d conv;
    readonly (Tensor Weight, Tensor? Bias) fused;

    public FusedConv2d(Conv2d conv, BatchNorm2d? bn, ScalarType dtype) : base("FusedConv2d", conv)
    {
        if (!CanReplace(conv)) throw new NotSupportedException($"Only zero-padded convolutions with explicit padding can be fused, not {conv.padding_mode} / {conv.padding_type}.");
        this.conv = conv;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = conv.weight!.detach();
        var b = conv.bias?.detach();
        if (bn is not null)
        {
            var s = bn.weight! / (bn.running_var! + bn.eps).sqrt();
            w = w * s.view(-1, 1, 1, 1);
            b = (b is null ? -bn.running_mean! : b - bn.running_mean!) * s + bn.bias!;
        }
        fused = (w.to(dtype).ChannelsLast().MoveToOuterDisposeScope(), b?.to(dtype).MoveToOuterDisposeScope());
        eval(); // it computes eval-mode BatchNorm, and says so to whoever inspects the model's modes
    }

    public override Tensor forward(Tensor x) =>
        nn.functional.conv2d(x.to(fused.Weight.dtype), fused.Weight, fused.Bias, conv.stride, conv.padding, conv.dilation, conv.groups);

    public override void Release()
    {
        fused.Weight.Dispose();
        fused.Bias?.Dispose();
    }
}

/// <summary>A BatchNorm folded into the convolution before it (<see cref="FusedConv2d"/>): passes its input on.</summary>
public sealed class FoldedBatchNorm : StandIn
{
    public FoldedBatchNorm(BatchNorm2d bn) : base("FoldedBatchNorm", bn) => eval();

    public override Tensor forward(Tensor x) => x.alias();
}

/// <summary>An eval-only linear layer on a copy of its weights in <paramref name="dtype"/> (for a bf16 fused prefix).</summary>
public sealed class CastLinear : StandIn
{
    readonly (Tensor Weight, Tensor? Bias) cast;

    public CastLinear(Linear linear, ScalarType dtype) : base("CastLinear", linear)
    {
        using var _ = no_grad();
        cast = (linear.weight!.detach().to(dtype, copy: true), linear.bias?.detach().to(dtype, copy: true));
        eval();
    }

    public override Tensor forward(Tensor x) => nn.functional.linear(x.to(cast.Weight.dtype), cast.Weight, cast.Bias);

    public override void Release()
    {
        cast.Weight.Dispose();
        cast.Bias?.Dispose();
    }
}

/// <summary>
/// PyTorch's CPU <c>torch.autocast(dtype=torch.bfloat16)</c> for one convolution (TorchSharp 0.107 has none): it computes
/// in bf16 on bf16 casts of the original's fp32 weights. The casts are part of the autograd graph, so gradients reach the
/// fp32 parameters in fp32 and the optimizer updates those (bf16 keeps fp32's exponent range: no loss scaling needed).
/// </summary>
public sealed class AutocastConv2d : StandIn
{
    readonly Conv2d conv; // assigned after the base constructor registered the components, so it is not taken for a child

    public AutocastConv2d(Conv2d conv) : base("AutocastConv2d", conv)
    {
        if (!CanReplace(conv)) throw new NotSupportedException($"Only zero-padded convolutions with explicit padding can autocast, not {conv.padding_mode} / {conv.padding_type}.");
        this.conv = conv;
    }

    public override Tensor forward(Tensor x) =>
        nn.functional.conv2d(x.to(ScalarType.BFloat16), conv.weight!.to(ScalarType.BFloat16), conv.bias?.to(ScalarType.BFloat16),
            conv.stride, conv.padding, conv.dilation, conv.groups);
}

/// <summary><see cref="AutocastConv2d"/> for a linear layer.</summary>
public sealed class AutocastLinear : StandIn
{
    readonly Linear linear; // assigned after the base constructor registered the components, so it is not taken for a child

    public AutocastLinear(Linear linear) : base("AutocastLinear", linear) => this.linear = linear;

    public override Tensor forward(Tensor x) =>
        nn.functional.linear(x.to(ScalarType.BFloat16), linear.weight!.to(ScalarType.BFloat16), linear.bias?.to(ScalarType.BFloat16));
}
