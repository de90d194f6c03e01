using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// PyTorch's CPU <c>torch.autocast(dtype=torch.bfloat16)</c> for the kit's own modules (TorchSharp 0.107 has none).
/// Inside a <see cref="Bf16"/> scope, the convolutions and linear layers that a module routes through <see cref="Conv"/>
/// and <see cref="Linear"/> compute in bf16 on bf16 casts of their fp32 weights. The casts are part of the autograd
/// graph, so gradients arrive on the fp32 parameters in fp32 and the optimizer updates those (bf16 keeps fp32's
/// exponent range, so no loss scaling is needed). Everything else runs on what reaches it: ReLU, pooling and additions in
/// bf16, BatchNorm on bf16 input with its fp32 affine parameters and fp32 running statistics (libtorch's CPU kernel
/// mixes the two). Outside a scope both are the layer's own <c>call()</c>, forward hooks included.
/// </summary>
public static class Autocast
{
    [ThreadStatic] static bool active;

    /// <summary>True inside a <see cref="Bf16"/> scope on this thread.</summary>
    public static bool IsActive => active;

    /// <summary>Until disposed, <see cref="Conv"/> and <see cref="Linear"/> compute in bf16 on this thread.</summary>
    public static IDisposable Bf16() => new Scope();

    /// <summary>True when every convolution and linear layer of <paramref name="model"/> is routed through this class (see <see cref="IAutocasts"/>); the head always is.</summary>
    public static bool Supports(ImageClassifier model) =>
        model.BackboneModule is IAutocasts;

    /// <summary>
    /// <paramref name="layers"/> on <paramref name="x"/> inside a <see cref="Bf16"/> scope: a bf16 input (so shortcut
    /// additions match) and fp32 outputs, so a loss on them and its first gradient are fp32.
    /// </summary>
    public static Tensor Run(Func<Tensor, Tensor> layers, Tensor x)
    {
        using var scope = Bf16();
        return layers(x.to(ScalarType.BFloat16)).to(ScalarType.Float32);
    }

    public static Tensor Conv(Conv2d conv, Tensor x)
    {
        if (!active) return conv.call(x);
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding is null)
            throw new NotSupportedException($"Autocast supports zero-padded convolutions with explicit padding, not {conv.padding_mode} / {conv.padding_type}.");
        return nn.functional.conv2d(x.to(ScalarType.BFloat16), conv.weight!.to(ScalarType.BFloat16), conv.bias?.to(ScalarType.BFloat16),
            conv.stride, conv.padding, conv.dilation, conv.groups);
    }

    public static Tensor Linear(Linear linear, Tensor x) => !active ? linear.call(x)
        : nn.functional.linear(x.to(ScalarType.BFloat16), linear.weight!.to(ScalarType.BFloat16), linear.bias?.to(ScalarType.BFloat16));

    sealed class Scope : IDisposable
    {
        readonly bool outer = active;
        bool disposed;

        public Scope() => active = true;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            active = outer;
        }
    }
}

/// <summary>
/// A backbone whose forward passes route every convolution and linear layer through <see cref="Autocast"/>, so it can
/// train in bf16 mixed precision. Backbones without it (torchvision's zoo, EfficientNet, LeNet-5) train in fp32.
/// </summary>
public interface IAutocasts;
