namespace NotebookKit.Data;

/// <summary>Order of the colour channels a model expects in its input tensor.</summary>
public enum ChannelOrder { Rgb, Bgr }

/// <summary>
/// How pixels become model inputs: <c>value = (pixel * PixelScale - Mean[c]) / Std[c]</c>, channels in
/// <see cref="Order"/>. Mean and Std are given in the model's channel order. Covers torchvision's
/// ImageNet scheme (RGB, 0–1, mean/std) and Caffe/CNTK's (BGR, 0–255, mean subtraction only).
/// </summary>
public sealed record Normalization(float[] Mean, float[] Std, float PixelScale, ChannelOrder Order)
{
    /// <summary>torchvision's ImageNet statistics (RGB, pixels scaled to 0–1).</summary>
    public static Normalization ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], 1f / 255f, ChannelOrder.Rgb);

    /// <summary>Caffe/CNTK style: BGR, 0–255, per-channel mean subtracted, no division.</summary>
    public static Normalization MeanSubtractionBgr(float b, float g, float r) => new([b, g, r], [1f, 1f, 1f], 1f, ChannelOrder.Bgr);

    /// <summary>The value a raw 0–255 RGB pixel channel takes in the model's channel <paramref name="modelChannel"/>.</summary>
    public float Apply(byte r, byte g, byte b, int modelChannel)
    {
        var rgbIndex = Order == ChannelOrder.Rgb ? modelChannel : 2 - modelChannel;
        var pixel = rgbIndex switch { 0 => r, 1 => g, _ => b };
        return (pixel * PixelScale - Mean[modelChannel]) / Std[modelChannel];
    }

    // Records compare arrays by reference; two specs with the same numbers are the same preprocessing.
    public bool Equals(Normalization? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std) && PixelScale == other.PixelScale && Order == other.Order;

    public override int GetHashCode() => HashCode.Combine(Mean.Length > 0 ? Mean[0] : 0, PixelScale, Order);

    public override string ToString() =>
        $"{Order}, x{PixelScale:G3}, mean [{string.Join(", ", Mean.Select(m => m.ToString("G4")))}], std [{string.Join(", ", Std.Select(s => s.ToString("G4")))}]";
}
