using NotebookKit.Interactive;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Interactive;

public class TensorHtmlTests
{
    [Fact]
    public void Summary_shows_shape_dtype_device_and_the_first_values()
    {
        using var t = arange(20, dtype: ScalarType.Float32).reshape(4, 5);
        var html = TensorHtml.Summary(t);
        Assert.Contains("Tensor [4, 5] Float32 on cpu", html);
        Assert.Contains("[0, 1, 2, 3, 4, 5, 6, 7, …] (20 values)", html);
    }

    [Fact]
    public void Integer_bool_empty_and_disposed_tensors()
    {
        using var ints = tensor(new long[] { 3, -1 });
        Assert.Contains("[3, -1] (2 values)", TensorHtml.Summary(ints));
        using var flags = tensor(new[] { true });
        Assert.Contains("[true] (1 value)", TensorHtml.Summary(flags));
        using var empty = zeros(0, 3);
        Assert.Contains("(no values)", TensorHtml.Summary(empty));
        var gone = ones(2);
        gone.Dispose();
        Assert.Contains("disposed", TensorHtml.Summary(gone));
    }
}
