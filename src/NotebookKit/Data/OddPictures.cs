namespace NotebookKit.Data;

/// <summary>
/// Pictures that decode but are unlikely to be photos of anything: a shorter side under <see cref="MinSide"/> pixels (a
/// 1×1 tracking pixel, an icon, a thumbnail) or an aspect ratio beyond <see cref="MaxAspect"/>:1 (a banner, a strip
/// of a panorama). A user wants them named; <see cref="ImageFolder.Open"/> keeps them in <see cref="ImageFolder.Odd"/>,
/// or leaves them out and lists them with <see cref="ImageFolder.Skipped"/> when asked to.
/// </summary>
public static class OddPictures
{
    /// <summary>Shorter sides below this many pixels are suspicious.</summary>
    public const int MinSide = 32;
    /// <summary>Longer side over shorter side beyond this is suspicious.</summary>
    public const int MaxAspect = 10;

    /// <summary>Why a decodable picture of <paramref name="width"/>×<paramref name="height"/> is suspicious, or null.</summary>
    public static string? Reason(int width, int height)
    {
        int shorter = Math.Min(width, height), longer = Math.Max(width, height);
        if (shorter < MinSide) return $"suspicious picture: {width}x{height} px, shorter side under {MinSide} px (an icon or thumbnail, not a photo?)";
        if (longer > (long)MaxAspect * shorter) return $"suspicious picture: {width}x{height} px, aspect ratio {(double)longer / shorter:0.#}:1 beyond {MaxAspect}:1 (a banner or strip, not a photo?)";
        return null;
    }
}
