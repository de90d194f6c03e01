using System.Security.Cryptography;
using NotebookKit.Data;
using NotebookKit.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static NotebookKit.Tests.Support.TurboJpegEncoder;

namespace NotebookKit.Tests.Data;

/// <summary>
/// The OS's libturbojpeg and SkiaSharp's libjpeg-turbo decode every JPEG to the same pixels at every scale, and judge
/// damaged ones the same: which backend a machine has changes the speed, never the data.
/// </summary>
public class JpegBackendTests
{
    static readonly int[] Denominators = [1, 2, 4, 8];

    /// <summary>A few real photos of each shared dataset.</summary>
    static IEnumerable<string> RealPhotos() =>
    [
        SharedData.Photo(cls: "cat", index: 0), SharedData.Photo(cls: "cat", index: 1), SharedData.Photo(cls: "dog", index: 0),
        SharedData.Photo("plants", cls: "daisy", index: 0), SharedData.Photo("plants", cls: "roses", index: 0), SharedData.Photo("plants", cls: "tulips", index: 0),
    ];

    static (int Width, int Height) SizeOf(byte[] jpeg)
    {
        var info = Image.Identify(jpeg);
        return (info.Width, info.Height);
    }

    /// <summary>Both backends at every denominator: libturbojpeg decodes it itself (no hand-over to Skia) to Skia's very pixels.</summary>
    static void AssertSameEverywhere(byte[] jpeg, string what)
    {
        var size = SizeOf(jpeg);
        foreach (var d in Denominators)
        {
            using var skia = SkiaJpegBackend.Instance.Decode(jpeg, d, size);
            using var turbo = TurboJpegBackend.TryDecode(jpeg, d, size);
            Assert.True(turbo is not null, $"{what} at 1/{d}: libturbojpeg did not decode it cleanly");
            Assert.Equal((ScaledJpeg.Scaled(size.Width, d), ScaledJpeg.Scaled(size.Height, d)), (skia.Width, skia.Height));
            AssertSamePixels(skia, turbo, $"{what} at 1/{d}");
        }
    }

    static void AssertSamePixels(Image<Rgb24> expected, Image<Rgb24> actual, string what)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        for (var y = 0; y < expected.Height; y++)
            if (!expected.DangerousGetPixelRowMemory(y).Span.SequenceEqual(actual.DangerousGetPixelRowMemory(y).Span))
                Assert.Fail($"{what}: row {y} differs");
    }

    /// <summary>A photo's pixels, resized to an odd size (so every scale rounds up), packed RGB.</summary>
    static byte[] PhotoPixels(int width, int height)
    {
        using var photo = Image.Load<Rgb24>(SharedData.Photo(cls: "dog", index: 2));
        photo.Mutate(x => x.Resize(width, height));
        var pixels = new byte[width * height * 3];
        photo.CopyPixelDataTo(pixels);
        return pixels;
    }

    [TurboJpegFact]
    public void Real_photos_decode_to_the_same_pixels_at_every_scale()
    {
        foreach (var path in RealPhotos()) AssertSameEverywhere(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    [TurboJpegTheory]
    [InlineData(Subsampling.S444, false)]
    [InlineData(Subsampling.S422, false)]
    [InlineData(Subsampling.S420, false)]
    [InlineData(Subsampling.S440, false)]
    [InlineData(Subsampling.S411, false)]
    [InlineData(Subsampling.Gray, false)]
    [InlineData(Subsampling.S420, true)]
    [InlineData(Subsampling.S444, true)]
    [InlineData(Subsampling.Gray, true)]
    public void Every_subsampling_baseline_or_progressive_decodes_to_the_same_pixels(Subsampling subsampling, bool progressive)
    {
        const int width = 333, height = 251;
        AssertSameEverywhere(Encode(PhotoPixels(width, height), width, height, subsampling, progressive), $"{subsampling}{(progressive ? " progressive" : "")}");
    }

    [TurboJpegFact]
    public void Cmyk_and_ycck_jpegs_decode_to_the_same_pixels()
    {
        AssertSameEverywhere(CmykJpeg.Solid(255, 0, 0, 255), "Adobe CMYK, one colour");
        AssertSameEverywhere(CmykJpeg.Solid(30, 140, 200, 90), "Adobe CMYK, another colour");
        // Real picture content as CMYK (the RGB bytes as C, M, Y and a ramp as K), which TurboJPEG writes as YCCK.
        const int width = 101, height = 77;
        var rgb = PhotoPixels(width, height);
        var cmyk = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgb.AsSpan(3 * i, 3).CopyTo(cmyk.AsSpan(4 * i));
            cmyk[4 * i + 3] = (byte)(255 - i % width * 2);
        }
        AssertSameEverywhere(Encode(cmyk, width, height, Subsampling.S420, cmyk: true), "YCCK");
    }

    /// <summary>Tiny frames, where several of libjpeg's scales give the same size: both pick the same one.</summary>
    [TurboJpegFact]
    public void Tiny_frames_take_the_same_scale_and_size()
    {
        foreach (var (width, height) in new[] { (1, 1), (4, 4), (7, 9), (8, 8), (17, 13), (16, 33) })
        {
            using var noise = TempFolder.Noise(width, height, seed: width);
            var pixels = new byte[width * height * 3];
            noise.CopyPixelDataTo(pixels);
            AssertSameEverywhere(Encode(pixels, width, height, Subsampling.S420), $"{width}x{height}");
        }
    }

    static string Outcome(JpegBackend backend, byte[] jpeg, int denominator, (int Width, int Height) size)
    {
        try
        {
            using var image = backend.Decode(jpeg, denominator, size);
            var pixels = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(pixels);
            return $"{image.Width}x{image.Height} {Convert.ToHexString(SHA256.HashData(pixels))}";
        }
        catch (InvalidDataException e)
        {
            return "refused: " + e.Message;
        }
    }

    [TurboJpegFact]
    public void Damaged_files_get_the_same_verdict_and_pixels()
    {
        var photo = File.ReadAllBytes(SharedData.Photo(cls: "cat", index: 2));
        var size = SizeOf(photo);
        const int width = 333, height = 251;
        var progressive = Encode(PhotoPixels(width, height), width, height, Subsampling.S420, progressive: true);
        var thirdScan = progressive.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        for (var i = 0; i < 2; i++) thirdScan += 2 + progressive.AsSpan(thirdScan + 2).IndexOf([(byte)0xFF, (byte)0xDA]);
        byte[] Flipped()
        {
            var bytes = photo.ToArray();
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 40; i += 4)
                if (bytes[i] != 0xFF && bytes[i - 1] != 0xFF && (bytes[i] ^ 0x5A) != 0xFF) bytes[i] ^= 0x5A;
            return bytes;
        }
        byte[] OtherComponent()
        {
            var bytes = photo.ToArray();
            bytes[bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]) + 5] = 9; // the scan names a component the frame lacks
            return bytes;
        }
        // What libturbojpeg hands to Skia: what libjpeg only warns about (a file that ends early, an end marker mid-scan),
        // a progressive file that ends after a few scans, an error, a frame of another size.
        var handedOver = new (string Name, byte[] Jpeg, (int, int) Size)[]
        {
            ("truncated", photo[..(photo.Length * 6 / 10)], size),
            ("truncated, end marker appended", [.. photo[..(photo.Length * 6 / 10)], 0xFF, 0xD9], size),
            ("progressive cut after two scans", progressive[..thirdScan], (width, height)),
            ("progressive cut after two scans, end marker appended", [.. progressive[..thirdScan], 0xFF, 0xD9], (width, height)),
            ("scan names a missing component", OtherComponent(), size),
            ("header disagrees with the frame", photo, (size.Width + 1, size.Height)),
        };
        // A few bytes of junk before the end marker go unnoticed (libjpeg has already read them into its bit buffer).
        foreach (var (name, jpeg, frame) in handedOver.Append(("junk before the end marker", [.. photo[..^2], 1, 2, 3, 0xFF, 0xD9], size)))
            foreach (var d in Denominators)
                Assert.True(Outcome(SkiaJpegBackend.Instance, jpeg, d, frame) == Outcome(TurboJpegBackend.Instance, jpeg, d, frame), $"{name} at 1/{d}");
        // Damage libjpeg does not notice (bytes that still decode, to wild coefficients) is accepted by both; the pixels of
        // the blocks it wrecks may differ (16 pixels of this one), as libjpeg-turbo 2.1's SIMD and Skia's 3.1 C code
        // overflow differently.
        foreach (var d in Denominators)
            Assert.Equal(Outcome(SkiaJpegBackend.Instance, Flipped(), d, size).Split(' ')[0], Outcome(TurboJpegBackend.Instance, Flipped(), d, size).Split(' ')[0]);
        foreach (var (name, jpeg, frame) in handedOver)
            Assert.True(TurboJpegBackend.TryDecode(jpeg, 1, frame) is null, $"{name}: libturbojpeg should have handed it over");
        Assert.False(ScaledJpeg.IsIncompleteProgressive(progressive));
        Assert.StartsWith("refused", Outcome(TurboJpegBackend.Instance, photo[..(photo.Length * 6 / 10)], 1, size));
        Assert.StartsWith("refused", Outcome(TurboJpegBackend.Instance, OtherComponent(), 1, size));
        Assert.Contains("frame", Outcome(TurboJpegBackend.Instance, photo, 8, (size.Width + 1, size.Height)));
    }

    [TurboJpegFact]
    public void Concurrent_decodes_on_several_threads_are_each_right()
    {
        var photos = RealPhotos().Select(File.ReadAllBytes).ToArray();
        var expected = photos.SelectMany(p => Denominators.Select(d => Outcome(SkiaJpegBackend.Instance, p, d, SizeOf(p)))).ToArray();
        var actual = new string[photos.Length * Denominators.Length * 4];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (photo, d) = (photos[i / Denominators.Length % photos.Length], Denominators[i % Denominators.Length]);
            actual[i] = Outcome(TurboJpegBackend.Instance, photo, d, SizeOf(photo));
        });
        for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[i % expected.Length], actual[i]);
    }

    [Fact]
    public void The_bench_records_which_decoder_its_loader_measured()
    {
        var recorded = NotebookKit.Benchmarks.KitPhase.Versions()["jpeg_decoder"];
        Assert.Equal(JpegBackend.Current is TurboJpegBackend ? "libturbojpeg" : "skia", recorded.Split(' ')[0]);
    }

    [Fact]
    public void The_setting_chooses_the_backend_and_an_impossible_one_is_an_error()
    {
        Assert.Same(TurboJpegBackend.Instance, JpegBackend.Choose(null, turboJpegAvailable: true));
        Assert.Same(TurboJpegBackend.Instance, JpegBackend.Choose(" Auto ", turboJpegAvailable: true));
        Assert.Same(SkiaJpegBackend.Instance, JpegBackend.Choose("", turboJpegAvailable: false));
        Assert.Same(SkiaJpegBackend.Instance, JpegBackend.Choose("SKIA", turboJpegAvailable: true));
        Assert.Same(TurboJpegBackend.Instance, JpegBackend.Choose("turbojpeg", turboJpegAvailable: true));
        var missing = Assert.Throws<InvalidOperationException>(() => JpegBackend.Choose("turbojpeg", turboJpegAvailable: false));
        Assert.Contains("apt-get install libturbojpeg0", missing.Message);
        var unknown = Assert.Throws<ArgumentException>(() => JpegBackend.Choose("pillow", turboJpegAvailable: true));
        Assert.Contains("NOTEBOOKKIT_JPEG_DECODER=pillow", unknown.Message);
    }
}
