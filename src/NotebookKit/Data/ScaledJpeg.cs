using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace NotebookKit.Data;

/// <summary>
/// Decodes a JPEG with libjpeg-turbo (inside SkiaSharp) straight to 1/2, 1/4 or 1/8 of its size in the DCT domain,
/// so a 12-megapixel phone photo bound for a 256-pixel resize never exists at full size. Only
/// <see cref="ImageDecoder"/> calls it, after its header checks; see docs/decoding.md for the choice of library.
/// </summary>
static class ScaledJpeg
{
    /// <summary>
    /// The largest of 8, 4, 2 that divides a <paramref name="width"/>×<paramref name="height"/> JPEG while its shorter
    /// side stays at least <paramref name="minShorterSide"/> (libjpeg rounds scaled sizes up), else 1.
    /// </summary>
    public static int Denominator(int width, int height, int minShorterSide)
    {
        var shorter = Math.Min(width, height);
        foreach (var d in (ReadOnlySpan<int>)[8, 4, 2])
            if ((shorter + d - 1) / d >= minShorterSide) return d;
        return 1;
    }

    /// <summary>
    /// Peak bytes of a decode to <paramref name="scaled"/>: <see cref="DecodeBudget.Estimate"/> at that size, plus, for a
    /// progressive JPEG, libjpeg's coefficient buffers, which hold every block of the full image whatever the scale
    /// (2 bytes per coefficient, up to 3 planes at full resolution).
    /// </summary>
    public static long Estimate((int Width, int Height) full, (int Width, int Height) scaled, Stream stream) =>
        DecodeBudget.Estimate(scaled.Width, scaled.Height, stream.Length) + (IsProgressive(stream) ? (long)full.Width * full.Height * 6 : 0);

    /// <summary>
    /// Scans a JPEG may have. Decoding time grows with file size times scans, and a crafted progressive file of many
    /// tiny scans takes minutes (libjpeg-turbo's own tools cap it, at 500, the same way). Real files have at most a few dozen.
    /// </summary>
    public const int MaxScans = 256;

    /// <summary>
    /// Start-of-scan markers in <paramref name="file"/>. Entropy-coded data never holds FF DA (a coded FF is followed by
    /// 00), so every one is a scan; one inside an embedded thumbnail counts too, which only errs on the safe side.
    /// </summary>
    public static int Scans(ReadOnlySpan<byte> file)
    {
        var count = 0;
        for (int i; (i = file.IndexOf([(byte)0xFF, (byte)0xDA])) >= 0; file = file[(i + 2)..]) count++;
        return count;
    }

    /// <summary>
    /// Decodes <paramref name="file"/> (a whole JPEG) at 1/<paramref name="denominator"/> scale to RGB, colour profile
    /// not applied (as ImageSharp does not either). Throws <see cref="InvalidDataException"/> when libjpeg-turbo reports
    /// anything but a complete decode (a corrupt or truncated scan).
    /// </summary>
    public static Image<Rgb24> Decode(byte[] file, int denominator)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("libjpeg-turbo cannot read its header");
        var size = codec.GetScaledDimensions(1f / denominator);
        // Skia has no 3-byte colour type: decode to RGBA (opaque) and narrow row by row into the image. The RGBA buffer
        // comes from a pool: a fresh native bitmap per photo is a fresh mapping (the kit keeps glibc's mmap threshold
        // low, Platform/NativeHeap), zero-filled page by page, which took as long as the decode itself.
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var buffer = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, pinned.AddrOfPinnedObject());
            if (result != SKCodecResult.Success) throw new InvalidDataException($"libjpeg-turbo: {result}");
            var pixels = MemoryMarshal.Cast<byte, Rgba32>(buffer.AsSpan(0, info.BytesSize));
            var image = new Image<Rgb24>(ImageDecoder.Configuration, size.Width, size.Height);
            for (var y = 0; y < size.Height; y++)
                PixelOperations<Rgba32>.Instance.To(ImageDecoder.Configuration, pixels.Slice(y * size.Width, size.Width), image.DangerousGetPixelRowMemory(y).Span);
            return image;
        }
        finally
        {
            pinned.Free();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether the frame header is progressive (SOF2, SOF6, SOF10, SOF14), found by walking the marker segments from
    /// the start; a header that cannot be walked counts as progressive, the costlier assumption.
    /// </summary>
    static bool IsProgressive(Stream stream)
    {
        stream.Position = 2; // after SOI, which the header check has seen
        Span<byte> head = stackalloc byte[4];
        while (stream.Read(head) == 4)
        {
            if (head[0] != 0xFF) return true;
            var marker = head[1];
            if (marker is 0xC2 or 0xC6 or 0xCA or 0xCE) return true;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC) return false;
            var length = (head[2] << 8) | head[3];
            if (length < 2) return true;
            stream.Seek(length - 2, SeekOrigin.Current);
        }
        return true;
    }
}
