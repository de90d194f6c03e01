using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Data;

/// <summary>JPEGs decode at the smallest DCT scale the pipeline's first step allows, and the model sees the same photo.</summary>
public class ScaledDecodeTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A phone-size JPEG: smooth gradients (a photo's low frequencies) with a red block in the top-left corner.</summary>
    string PhoneJpeg(string name, ushort? orientation = null)
    {
        using var image = new Image<Rgb24>(4032, 3024);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = x < 1000 && y < 1000 ? new Rgb24(230, 20, 20) : new Rgb24((byte)(x * 255 / 4032), (byte)(y * 255 / 3024), 128);
            }
        });
        if (orientation is { } o)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, o);
        }
        var path = temp.File(name);
        image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
        return path;
    }

    [Fact]
    public void A_phone_photo_decodes_at_the_smallest_scale_still_at_least_the_target()
    {
        var path = PhoneJpeg("phone.jpg");
        Assert.Equal(8, ScaledJpeg.Denominator(4032, 3024, 256)); // 3024 / 8 = 378 ≥ 256
        using (var eighth = ImageDecoder.Load(path, 256)) Assert.Equal((504, 378), (eighth.Width, eighth.Height));
        Assert.Equal(4, ScaledJpeg.Denominator(4032, 3024, 400)); // 378 < 400 ≤ 756
        using (var quarter = ImageDecoder.Load(path, 400)) Assert.Equal((1008, 756), (quarter.Width, quarter.Height));
        Assert.Equal(2, ScaledJpeg.Denominator(4032, 3024, 1000));
        Assert.Equal(1, ScaledJpeg.Denominator(4032, 3024, 2000));
        using (var full = ImageDecoder.Load(path)) Assert.Equal((4032, 3024), (full.Width, full.Height));
        // libjpeg rounds scaled sizes up: 1/8 of 2000 is 250 (≥ 250), of 1999 is 250 too.
        Assert.Equal(8, ScaledJpeg.Denominator(2666, 1999, 250));
        Assert.Equal(1, ScaledJpeg.Denominator(500, 375, 256));
    }

    /// <summary>Decodes share a pooled buffer: a larger photo decoded first leaves nothing in a smaller one's pixels.</summary>
    [Fact]
    public void A_decode_is_the_same_after_a_larger_one()
    {
        var small = SharedData.Photo();
        using var alone = ImageDecoder.Load(small);
        using (ImageDecoder.Load(PhoneJpeg("phone.jpg"), 400)) { } // 1008×756: a larger buffer back in the pool
        using var after = ImageDecoder.Load(small);
        Assert.Equal((alone.Width, alone.Height), (after.Width, after.Height));
        for (var y = 0; y < alone.Height; y++)
            Assert.True(alone.DangerousGetPixelRowMemory(y).Span.SequenceEqual(after.DangerousGetPixelRowMemory(y).Span), $"row {y} differs");
    }

    [Fact]
    public void Pipelines_ask_for_what_their_first_step_needs()
    {
        var spec = Pretrained.Get("resnet-cntk").Preprocess;
        Assert.Equal(spec.ResizeSize, ImagePipeline.ForEval(spec).DecodeSize);
        Assert.Equal(spec.ResizeSize, ImagePipeline.ForTrain(spec, Augmentation.None).DecodeSize);
        Assert.Equal(spec.InputSize, ImagePipeline.ForTrain(spec, Augmentation.Keras).DecodeSize);
        // torchvision's 8% crops at ratio 3/4 have a shorter side of √0.06 of the photo's: 224 / 0.245 → 915.
        Assert.Equal(915, new RandomResizedCrop(224).SourceSize);
        Assert.Equal(438, new RandomResizedCrop(224, (0.35, 1.0), (3.0 / 4, 4.0 / 3)).SourceSize);
        Assert.Null(new ImagePipeline([new CenterCrop(224)], spec.Normalization, 224).DecodeSize);
    }

    [Fact]
    public void The_scaled_decode_keeps_the_picture()
    {
        var path = PhoneJpeg("phone.jpg");
        var pipeline = ImagePipeline.ForEval(Pretrained.Get("resnet-cntk").Preprocess);
        using var full = pipeline.Transform(ImageDecoder.Load(path), new Random(0));
        using var scaled = pipeline.Transform(pipeline.Decode(path), new Random(0));
        double total = 0;
        for (var y = 0; y < full.Height; y++)
            for (var x = 0; x < full.Width; x++)
                total += Math.Abs(full[x, y].R - scaled[x, y].R) + Math.Abs(full[x, y].G - scaled[x, y].G) + Math.Abs(full[x, y].B - scaled[x, y].B);
        var mean = total / (3.0 * full.Width * full.Height);
        Assert.True(mean < 2, $"mean absolute difference {mean:F2} levels");
    }

    [Fact]
    public void Orientation_is_applied_after_the_scaled_decode()
    {
        // Orientation 6: rotate 90° clockwise to display, so the stored top-left red block ends up top-right.
        using var upright = ImageDecoder.Load(PhoneJpeg("rotated.jpg", orientation: 6), 256);
        Assert.Equal((378, 504), (upright.Width, upright.Height));
        Assert.True(upright[360, 20].R > 200 && upright[360, 20].G < 60, upright[360, 20].ToString());
        Assert.True(upright[20, 20].R < 200, upright[20, 20].ToString());
    }

    [Fact]
    public void A_corrupt_jpeg_is_still_refused_naming_the_file()
    {
        var bytes = File.ReadAllBytes(PhoneJpeg("phone.jpg"));
        var sos = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        bytes[sos + 5] = 9; // the scan's first component id: no such component in the frame
        var path = temp.File("corrupt.jpg", bytes);
        var e = Assert.Throws<DataException>(() => ImageDecoder.Load(path, 256));
        Assert.Equal(path, e.Path);
        Assert.Contains("could not be decoded", e.Message);
        Assert.NotNull(ImageDecoder.Verify(path));
    }

    [Fact]
    public void A_jpeg_with_too_many_scans_is_refused_before_decoding()
    {
        using var small = TempFolder.Noise(64, 48, seed: 3);
        using var ms = new MemoryStream();
        small.SaveAsJpeg(ms);
        var bytes = ms.ToArray();
        // A comment segment right after SOI holding FF DA pairs: counted as scans, the conservative reading.
        var body = Enumerable.Repeat(new byte[] { 0xFF, 0xDA }, ScaledJpeg.MaxScans).SelectMany(b => b).ToArray();
        byte[] comment = [0xFF, 0xFE, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];
        var path = temp.File("scans.jpg", [.. bytes[..2], .. comment, .. bytes[2..]]);
        var reason = ImageDecoder.Verify(path);
        Assert.NotNull(reason);
        Assert.Contains("scans", reason);
        File.WriteAllBytes(path, bytes);
        Assert.Null(ImageDecoder.Verify(path));
    }

    [Fact]
    public void Other_formats_decode_in_full_as_before()
    {
        var path = temp.Image("big.png", 800, 600, seed: 4);
        using var asked = ImageDecoder.Load(path, 100);
        using var full = ImageDecoder.Load(path);
        Assert.Equal((800, 600), (asked.Width, asked.Height));
        Assert.Equal(full[123, 456], asked[123, 456]);
    }

    /// <summary>
    /// Real photos re-encoded at a phone's size: the frozen backbone's features of the 1/8-scale decode and of the full
    /// decode point the same way (cosine ≥ 0.998 for every photo; measured 0.9996 to 0.9998).
    /// </summary>
    [Fact]
    public void Features_of_real_photos_match_the_full_decode()
    {
        var spec = Pretrained.Get("resnet-cntk").Preprocess;
        var pipeline = ImagePipeline.ForEval(spec);
        var paths = new List<string>();
        foreach (var cls in new[] { "cat", "dog" })
            for (var i = 0; i < 3; i++)
            {
                using var photo = Image.Load<Rgb24>(SharedData.Photo(cls: cls, index: i));
                photo.Mutate(x => x.Resize(4032, 3024));
                var path = temp.File($"{cls}{i}.jpg");
                photo.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
                paths.Add(path);
            }
        using var backbone = Pretrained.Backbone("resnet-cntk");
        backbone.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Tensor Features(Func<string, Image<Rgb24>> decode)
        {
            var per = 3 * spec.InputSize * spec.InputSize;
            var chw = new float[paths.Count * per];
            for (var i = 0; i < paths.Count; i++)
            {
                using var image = pipeline.Transform(decode(paths[i]), new Random(0));
                pipeline.WriteChw(image, chw.AsSpan(i * per, per));
            }
            return backbone.call(tensor(chw).reshape(paths.Count, 3, spec.InputSize, spec.InputSize)).flatten(1);
        }
        using (var check = ImageDecoder.Load(paths[0], spec.ResizeSize)) Assert.Equal(378, check.Height); // 1/8 was used
        var full = Features(p => ImageDecoder.Load(p));
        var scaled = Features(pipeline.Decode);
        var cosine = nn.functional.cosine_similarity(full, scaled, dim: 1).data<float>().ToArray();
        Assert.All(cosine, c => Assert.True(c >= 0.998f, $"cosines {string.Join(", ", cosine.Select(v => v.ToString("F4")))}"));
    }
}
