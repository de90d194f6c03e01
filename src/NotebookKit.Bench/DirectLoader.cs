using System.Runtime.InteropServices;
using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;
using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Candidate loader for <see cref="CandidateBench"/>: the eval pipeline of <see cref="DataLoader"/> with its copies
/// removed — pixels are read row by row from ImageSharp's buffer (no Rgb24[] per image), normalised floats go
/// straight into the batch tensor's memory (no float[] per batch copied by torch.tensor), and the file is opened
/// once (no separate Identify pass). <paramref name="sampler"/> picks the resampler, so bilinear (torchvision's)
/// can be compared with ImageSharp's default bicubic.
/// </summary>
sealed class DirectLoader(ImageDataset dataset, PreprocessSpec spec, int batchSize, int threads, IResampler sampler)
{
    public IEnumerable<(Tensor Images, Tensor Labels)> Epoch()
    {
        for (var start = 0; start < dataset.Count; start += batchSize)
        {
            var n = Math.Min(batchSize, dataset.Count - start);
            var size = spec.InputSize;
            var images = empty([n, 3, size, size]);
            var labels = new long[n];
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                var sample = dataset.Samples[start + i];
                using var image = Image.Load<Rgb24>(sample.Path);
                Prepare(image);
                Write(image, MemoryMarshal.Cast<byte, float>(images.bytes).Slice(i * 3 * size * size, 3 * size * size));
                labels[i] = sample.Label;
            });
            yield return (images, tensor(labels));
        }
    }

    void Prepare(Image<Rgb24> image)
    {
        var scale = (double)spec.ResizeSize / Math.Min(image.Width, image.Height);
        var w = Math.Max(spec.ResizeSize, (int)Math.Round(image.Width * scale));
        var h = Math.Max(spec.ResizeSize, (int)Math.Round(image.Height * scale));
        var s = spec.InputSize;
        image.Mutate(x => x.AutoOrient().Resize(w, h, sampler).Crop(new Rectangle((w - s) / 2, (h - s) / 2, s, s)));
    }

    void Write(Image<Rgb24> image, Span<float> chw)
    {
        var n = spec.Normalization;
        var plane = image.Width * image.Height;
        // Images this small sit in one contiguous buffer; larger ones fall back to one copy.
        ReadOnlySpan<Rgb24> pixels = image.DangerousTryGetSinglePixelMemory(out var memory) ? memory.Span : Copy(image);
        var bytes = MemoryMarshal.AsBytes(pixels);
        for (var c = 0; c < 3; c++)
        {
            var scale = n.PixelScale / n.Std[c];
            var shift = -n.Mean[c] / n.Std[c];
            var source = n.Order == ChannelOrder.Rgb ? c : 2 - c;
            var dst = chw.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++) dst[i] = bytes[3 * i + source] * scale + shift;
        }
    }

    static Rgb24[] Copy(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
