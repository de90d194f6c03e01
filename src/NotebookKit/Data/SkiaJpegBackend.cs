using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace NotebookKit.Data;

/// <summary>JPEGs through SkiaSharp's own libjpeg-turbo: on every platform, without x86 SIMD in its x64 builds.</summary>
internal sealed class SkiaJpegBackend : JpegBackend
{
    public static readonly SkiaJpegBackend Instance = new();

    SkiaJpegBackend() { }

    public override string Name => "skia";

    public override Image<Rgb24> Decode(byte[] file, int denominator, (int Width, int Height) size)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("libjpeg-turbo cannot read its header");
        if ((codec.Info.Width, codec.Info.Height) != size) throw new InvalidDataException(OtherFrame((codec.Info.Width, codec.Info.Height), size));
        var scaled = codec.GetScaledDimensions(1f / denominator);
        // Skia has no 3-byte colour type: decode to RGBA (opaque) and narrow row by row into the image. The RGBA buffer
        // comes from a pool: a fresh native bitmap per photo is a fresh mapping (the kit keeps glibc's mmap threshold
        // low, Platform/NativeHeap), zero-filled page by page, which took as long as the decode itself.
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var buffer = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, pinned.AddrOfPinnedObject());
            if (result != SKCodecResult.Success) throw new InvalidDataException($"libjpeg-turbo: {result}");
            var pixels = MemoryMarshal.Cast<byte, Rgba32>(buffer.AsSpan(0, info.BytesSize));
            var image = new Image<Rgb24>(ImageDecoder.Configuration, scaled.Width, scaled.Height);
            for (var y = 0; y < scaled.Height; y++)
                PixelOperations<Rgba32>.Instance.To(ImageDecoder.Configuration, pixels.Slice(y * scaled.Width, scaled.Width), image.DangerousGetPixelRowMemory(y).Span);
            return image;
        }
        finally
        {
            pinned.Free();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
