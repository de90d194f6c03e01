using System.Buffers.Binary;
using System.Text;
using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

/// <summary>Every hostile case is generated here; each must be used correctly or skipped with its own reason.</summary>
public class HostileInputTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    void GoodImages(string cls, int n)
    {
        for (var i = 0; i < n; i++) temp.Image($"{cls}/good{i}.png", 16, 16, seed: cls.Length * 100 + i);
    }

    string Jpeg(string relative, Image image)
    {
        var path = temp.File(relative);
        image.SaveAsJpeg(path, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 100 });
        return path;
    }

    /// <summary>Per-pixel noise: a JPEG of it is mostly entropy-coded data, so cutting it in half cuts pixel data, not headers.</summary>
    static Image<Rgb24> PixelNoise(int width, int height)
    {
        var rng = new Random(1);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        return image;
    }

    /// <summary>A valid PNG signature and IHDR (with a correct CRC) claiming the given size, and no pixel data.</summary>
    static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        HostileFiles.Chunk(ms, "IHDR", ihdr);
        HostileFiles.Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>Builds cat/ (good images plus every odd-but-valid and every bad case) and dog/ (good images).</summary>
    Dictionary<string, string> BuildHostileFolder()
    {
        GoodImages("cat", 3);
        GoodImages("dog", 3);
        var bad = new Dictionary<string, string>();
        var photo = File.ReadAllBytes(Jpeg("cat/whole.jpg", PixelNoise(128, 128)));
        File.WriteAllBytes(temp.File("cat/truncated.jpg"), photo[..(photo.Length / 2)]);
        bad["truncated.jpg"] = "truncated JPEG";
        File.WriteAllBytes(temp.File("cat/empty.jpg"), []);
        bad["empty.jpg"] = "empty file";
        File.WriteAllText(temp.File("cat/notes.jpg"), "these are not the pixels you are looking for");
        bad["notes.jpg"] = "not a recognised image format";
        File.WriteAllBytes(temp.File("cat/bomb.png"), PngHeader(30000, 30000));
        bad["bomb.png"] = "30000x30000 pixels, over the";
        File.WriteAllText(temp.File("cat/readme.txt"), "hi");
        bad["readme.txt"] = "extension '.txt'";
        File.WriteAllBytes(temp.File("cat/.DS_Store"), [0, 0, 0, 1]);
        File.WriteAllBytes(temp.File("cat/Thumbs.db"), [0, 0, 0, 1]);
        File.WriteAllBytes(temp.File("cat/.hidden.jpg"), photo);
        temp.Image("cat/.thumbnails/t.png", 8, 8, 6);
        temp.Image("__MACOSX/cat/._good0.png", 8, 8, 7);
        foreach (var hidden in new[] { ".DS_Store", "Thumbs.db", ".hidden.jpg", ".thumbnails" }) bad[hidden] = ImageFolder.HiddenReason;
        Directory.CreateSymbolicLink(temp.PathOf("cat/loop"), temp.PathOf("cat"));
        bad["loop"] = "directory symlink";
        Directory.CreateDirectory(temp.PathOf("cat/more"));
        temp.Image("cat/more/nested.png", 8, 8, 5);
        bad["more"] = "folder inside a class folder";
        return bad;
    }

    [Fact]
    public void EveryBadFileIsSkippedWithItsOwnReasonAndNothingIsDroppedSilently()
    {
        var bad = BuildHostileFolder();
        var folder = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0));
        var reasons = folder.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        foreach (var (name, reason) in bad)
            Assert.True(reasons.TryGetValue(name, out var got) && got.Contains(reason), $"{name}: expected '{reason}', got '{got}'");
        Assert.Equal(bad.Count, reasons.Count);
        Assert.Equal([4, 3], folder.Train.ClassCounts());
        Assert.Equal(["cat", "dog"], folder.Classes);
    }

    [Fact]
    public void ClassFolderSymlinkedToTheRootDoesNotHang()
    {
        GoodImages("cat", 2);
        GoodImages("dog", 2);
        Directory.CreateSymbolicLink(temp.PathOf("loop"), temp.Root);
        // "loop" is an empty class whose sub-folders are reported, not followed: an error naming it, or with the flag a warning.
        Assert.Equal(temp.PathOf("loop"), Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0))).Path);
        var folder = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0), allowEmptyClasses: true);
        Assert.Equal([2, 2, 0], folder.Train.ClassCounts());
        Assert.Contains(folder.Skipped, s => s.Path.EndsWith(Path.Combine("loop", "loop")) && s.Reason.Contains("symlink"));
    }

    [Fact]
    public void FailPolicyThrowsNamingTheFileButToleratesHiddenFiles()
    {
        GoodImages("cat", 2);
        GoodImages("dog", 2);
        File.WriteAllBytes(temp.File("cat/.DS_Store"), [1]);
        Assert.Equal(2, ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0), badFiles: BadFilePolicy.Fail).Train.ClassCounts()[0]);
        var empty = temp.File("dog/empty.jpg");
        File.WriteAllBytes(empty, []);
        var e = Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root, badFiles: BadFilePolicy.Fail));
        Assert.Equal(empty, e.Path);
        Assert.Contains("empty file", e.Message);
    }

    [Fact]
    public void DecodingABadFileThrowsDataExceptionNotACrash()
    {
        File.WriteAllBytes(temp.File("x.png"), PngHeader(30000, 30000));
        var e = Assert.Throws<DataException>(() => ImageDecoder.Load(temp.PathOf("x.png")));
        Assert.Contains("pixel limit", e.Message);
        File.WriteAllText(temp.File("y.jpg"), "text");
        Assert.Throws<DataException>(() => ImageDecoder.Load(temp.PathOf("y.jpg")));
    }

    [Fact]
    public void OneClassOnlyFailsWithTheFix()
    {
        GoodImages("cat", 3);
        var e = Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root));
        Assert.Contains("at least two class folders", e.Message);
    }

    [Fact]
    public void AlphaIsFlattenedOntoWhite()
    {
        using var image = new Image<Rgba32>(2, 1);
        image[0, 0] = new Rgba32(255, 0, 0, 0);
        image[1, 0] = new Rgba32(255, 0, 0, 255);
        var path = temp.File("alpha.png");
        image.SaveAsPng(path);
        using var rgb = ImageDecoder.Load(path);
        Assert.Equal(new Rgb24(255, 255, 255), rgb[0, 0]);
        Assert.Equal(new Rgb24(255, 0, 0), rgb[1, 0]);
    }

    [Fact]
    public void GreyscaleAndSixteenBitPngsBecomeEightBitRgb()
    {
        using (var grey = new Image<L8>(2, 2, new L8(77))) grey.SaveAsPng(temp.File("grey.png"), new PngEncoder { ColorType = PngColorType.Grayscale });
        using (var deep = new Image<Rgb48>(2, 2, new Rgb48(65535, 32896, 0))) deep.SaveAsPng(temp.File("deep.png"), new PngEncoder { BitDepth = PngBitDepth.Bit16 });
        using var g = ImageDecoder.Load(temp.PathOf("grey.png"));
        Assert.Equal(new Rgb24(77, 77, 77), g[1, 1]);
        using var d = ImageDecoder.Load(temp.PathOf("deep.png"));
        Assert.Equal(new Rgb24(255, 128, 0), d[1, 1]);
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        // Stored landscape, left half red; orientation 6 means "rotate 90° clockwise to display": red ends up on top.
        using var image = new Image<Rgb24>(20, 10, new Rgb24(0, 0, 255));
        for (var y = 0; y < 10; y++)
            for (var x = 0; x < 10; x++) image[x, y] = new Rgb24(255, 0, 0);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var upright = ImageDecoder.Load(Jpeg("rotated.jpg", image));
        Assert.Equal((10, 20), (upright.Width, upright.Height));
        Assert.True(upright[5, 3].R > 200 && upright[5, 3].B < 60, upright[5, 3].ToString());
        Assert.True(upright[5, 16].B > 200 && upright[5, 16].R < 60, upright[5, 16].ToString());
    }

    [Fact]
    public void AnimatedGifDecodesItsFirstFrameOnly()
    {
        using var gif = new Image<Rgb24>(8, 8, new Rgb24(255, 0, 0));
        using var second = new Image<Rgb24>(8, 8, new Rgb24(0, 0, 255));
        gif.Frames.AddFrame(second.Frames.RootFrame);
        var path = temp.File("anim.gif");
        gif.SaveAsGif(path);
        using var decoded = ImageDecoder.Load(path);
        Assert.Single(decoded.Frames);
        Assert.Equal(new Rgb24(255, 0, 0), decoded[4, 4]);
    }

    [Fact]
    public void TiffAndNonAsciiNamesWork()
    {
        GoodImages("dog", 2);
        using (var tiff = new Image<Rgb24>(8, 8, new Rgb24(10, 200, 30))) tiff.Save(temp.File("chat/tiff.tiff"));
        temp.Image("chat/été_猫 ü.png", 8, 8, 3);
        var folder = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0));
        Assert.Empty(folder.Skipped);
        Assert.Equal([2, 2], folder.Train.ClassCounts());
        using var t = ImageDecoder.Load(temp.PathOf("chat/tiff.tiff"));
        Assert.Equal(new Rgb24(10, 200, 30), t[3, 3]);
        using var _ = ImageDecoder.Load(temp.PathOf("chat/été_猫 ü.png"));
    }

    [Fact]
    public void CmykJpegDecodesToRgb()
    {
        // Adobe-inverted bytes: cyan and black without ink, full magenta and yellow ink → red.
        File.WriteAllBytes(temp.File("cmyk.jpg"), CmykJpeg.Solid(255, 0, 0, 255));
        Assert.Null(ImageDecoder.Check(temp.PathOf("cmyk.jpg"), out var size));
        Assert.Equal((8, 8), size);
        using var rgb = ImageDecoder.Load(temp.PathOf("cmyk.jpg"));
        var p = rgb[4, 4];
        Assert.True(p.R > 230 && p.G < 25 && p.B < 25, p.ToString());
    }

    [Fact]
    public void FormatsOutsideTheAllowListAreRefused()
    {
        // A valid image in a format the restricted configuration lacks (TGA) is refused even under an image extension.
        using (var tga = new Image<Rgb24>(4, 4)) tga.SaveAsTga(temp.File("sneaky.png"));
        Assert.Throws<DataException>(() => ImageDecoder.Load(temp.PathOf("sneaky.png")));
        Assert.Contains("not a recognised image format", ImageDecoder.Check(temp.PathOf("sneaky.png"), out _));
    }
}
