using System.Globalization;
using System.Net;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Interactive;

/// <summary>A tensor's shape, dtype, device and first values, without printing (or copying) the whole tensor.</summary>
static class TensorHtml
{
    public const int MaxValues = 8;

    public static string Summary(Tensor tensor)
    {
        if (tensor.IsInvalid) return "<code>Tensor (disposed)</code>";
        var shape = "[" + string.Join(", ", tensor.shape) + "]";
        var head = $"Tensor {shape} {tensor.dtype} on {tensor.device}";
        if (tensor.requires_grad) head += " · requires grad";
        return $"<div class=\"nbk-tensor\" style=\"font:12px monospace\"><b>{WebUtility.HtmlEncode(head)}</b><div>{WebUtility.HtmlEncode(Values(tensor))}</div></div>";
    }

    /// <summary>"[v0, v1, … ] (N values)": the first <see cref="MaxValues"/> values in memory order.</summary>
    static string Values(Tensor tensor)
    {
        var count = tensor.numel();
        if (count == 0) return "(no values)";
        using var scope = NewDisposeScope();
        var first = tensor.detach().flatten().narrow(0, 0, Math.Min(count, MaxValues)).cpu();
        var text = first.dtype switch
        {
            ScalarType.Bool => first.data<bool>().Select(b => b ? "true" : "false"),
            _ when first.is_floating_point() => first.to_type(ScalarType.Float64).data<double>().Select(v => v.ToString("G4", CultureInfo.InvariantCulture)),
            _ when first.is_complex() => ["(complex)"],
            _ => first.to_type(ScalarType.Int64).data<long>().Select(v => v.ToString(CultureInfo.InvariantCulture)),
        };
        return "[" + string.Join(", ", text) + (count > MaxValues ? ", …" : "") + $"] ({count} value{(count == 1 ? "" : "s")})";
    }
}
