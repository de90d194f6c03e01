using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>PyTorch's <c>memory_format=torch.channels_last</c>, which TorchSharp 0.107 has no argument for.</summary>
public static class MemoryFormat
{
    /// <summary>
    /// The same values with NHWC strides (a new tensor; 4-D only, others are returned as they are). libtorch's oneDNN
    /// convolutions then run channels-last, and their outputs stay so, which suits CPU vector units.
    /// </summary>
    public static Tensor ChannelsLast(this Tensor t) => t.dim() == 4 ? t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : t;

    /// <summary>NHWC strides: channels adjacent, then columns (a 1×1 or 1-channel tensor with NCHW strides does not count).</summary>
    public static bool IsChannelsLast(this Tensor t) => t.dim() == 4 && t.stride(1) == 1 && t.stride(3) == t.shape[1] && t.shape[1] > 1;
}
