using NotebookKit.Models;
using NotebookKit.Tests.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

public class MemoryFormatTests
{
    [Fact]
    public void ChannelsLastKeepsTheValuesAndChangesOnlyTheStrides()
    {
        using var scope = NewDisposeScope();
        var x = randn([2, 3, 5, 7], generator: new Generator(1));
        var cl = x.ChannelsLast();
        Assert.True(cl.IsChannelsLast());
        Assert.False(x.IsChannelsLast());
        Assert.Equal(x.shape, cl.shape);
        Assert.True(x.eq(cl).all().item<bool>());
        var flat = randn(4, 3);
        Assert.Same(flat, flat.ChannelsLast()); // not an image batch: left alone
    }

    /// <summary>The Learner feeds trainable groups channels-last: the same loss and the same gradients as NCHW, weights unchanged in layout.</summary>
    [Fact]
    public void AChannelsLastInputTrainsLikeNchw()
    {
        using var model = TinyData.Model(head: HeadSpec.Linear); // no dropout: nothing random between the two passes
        model.train();
        using var scope = NewDisposeScope();
        var x = randn([2, 3, TinyData.Size, TinyData.Size], generator: new Generator(2)) * 50;
        var y = tensor(new long[] { 0, 1 });
        Tensor[] Gradients(Tensor input)
        {
            model.zero_grad();
            model.Head.Loss(model.forward(input), y).backward();
            return [.. model.parameters().Select(p => p.grad!.clone())];
        }
        var nchw = Gradients(x);
        var channelsLast = Gradients(x.ChannelsLast());
        for (var i = 0; i < nchw.Length; i++)
        {
            // Other kernels sum in another order (and BatchNorm over a batch of two amplifies it): equal up to fp32 rounding,
            // relative to the gradient's size; a layout mistake would differ by order one.
            var relative = ((nchw[i] - channelsLast[i]).norm() / (nchw[i].norm() + 1e-12)).item<float>();
            Assert.True(relative < 1e-3, $"gradient {i}: relative difference {relative}");
        }
        Assert.All(model.parameters().Where(p => p.dim() == 4), p => Assert.False(p.IsChannelsLast()));
    }
}
