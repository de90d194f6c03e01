using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Generated ImageFolder layouts (train/ and val/, one folder per class) of any size from a few labelled photos: each
/// file a distinct picture — a seeded random crop, flip and slight scale of a source photo — so no two files share
/// content (a repeat would be served from the caches the bench measures). At phone size each is upscaled like
/// <see cref="PhonePhotos"/>; every file is a quality-90 JPEG.
/// </summary>
static class FolderPhotos
{
    /// <summary>
    /// Writes <paramref name="train"/> + <paramref name="val"/> photos made from <paramref name="sources"/> under
    /// <paramref name="root"/>: the classes take turns, each cycling through its own photos, so every split holds every class.
    /// </summary>
    public static void Write(IReadOnlyList<ImageSample> sources, IReadOnlyList<string> classes, int train, int val, bool phone, string root, int seed)
    {
        var byClass = classes.Select((_, label) => sources.Where(s => s.Label == label).ToArray()).ToArray();
        Parallel.For(0, train + val, i =>
        {
            var ofClass = byClass[i % classes.Count];
            var source = ofClass[i / classes.Count % ofClass.Length];
            var rng = new Random(HashCode.Combine(seed, i));
            using var image = ImageDecoder.Load(source.Path);
            // 80–95 % of each side at a random place, a coin-flip mirror, then 90–110 % of the crop's size.
            var (w, h) = ((int)(image.Width * (0.8 + 0.15 * rng.NextDouble())), (int)(image.Height * (0.8 + 0.15 * rng.NextDouble())));
            var crop = new Rectangle(rng.Next(image.Width - w + 1), rng.Next(image.Height - h + 1), w, h);
            var scale = 0.9 + 0.2 * rng.NextDouble();
            var flip = rng.Next(2) == 0;
            image.Mutate(x =>
            {
                x.Crop(crop).Resize(Math.Max(1, (int)(w * scale)), Math.Max(1, (int)(h * scale)));
                if (flip) x.Flip(FlipMode.Horizontal);
            });
            if (phone) PhonePhotos.Upscale(image);
            var folder = Path.Combine(root, i < train ? "train" : "val", classes[source.Label]);
            Directory.CreateDirectory(folder);
            PhonePhotos.Save(image, Path.Combine(folder, $"{i:D6}.jpg"));
        });
    }
}
