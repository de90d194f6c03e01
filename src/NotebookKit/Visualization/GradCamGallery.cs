using NotebookKit.Data;
using NotebookKit.Explainability;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Visualization;

/// <summary>Grad-CAM results drawn over the photos as the model saw them.</summary>
public static class GradCamGallery
{
    /// <summary>The image as the model saw it (resized and centre-cropped) with the map blended over it.</summary>
    public static Image<Rgb24> Overlay(GradCamResult result, double alpha = 0.6)
    {
        ArgumentNullException.ThrowIfNull(result);
        var spec = result.Preprocess ?? throw new ArgumentException("This Grad-CAM result came from a tensor, not a file: there is no photo to draw on.", nameof(result));
        var pipeline = ImagePipeline.ForEval(spec);
        using var cropped = pipeline.Transform(pipeline.Decode(result.Path), new Random(0));
        return HeatMapOverlay.Blend(cropped, result.Map, alpha);
    }

    /// <summary>
    /// An HTML gallery of overlays captioned "true → predicted · CAM of class (p)"; wrong predictions are outlined in
    /// red when <paramref name="trueClasses"/> is given.
    /// </summary>
    public static string Html(IReadOnlyList<GradCamResult> results, IReadOnlyList<string>? trueClasses = null, int thumbnail = 160, int columns = 4, string? title = "Grad-CAM")
    {
        ArgumentNullException.ThrowIfNull(results);
        if (trueClasses is not null && trueClasses.Count != results.Count)
            throw new ArgumentException($"{trueClasses.Count} true classes for {results.Count} images.", nameof(trueClasses));
        var images = new List<GalleryImage>();
        try
        {
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                var truth = trueClasses?[i];
                var caption = (truth is null ? "" : truth + " → ") + $"{r.PredictedClass} · CAM of {r.TargetClass} ({r.Probability:0.00})";
                images.Add(new GalleryImage(Overlay(r), caption, truth is not null && truth != r.PredictedClass));
            }
            return ImageGallery.Html(images, thumbnail, columns, title);
        }
        finally { foreach (var image in images) image.Image.Dispose(); }
    }

    /// <summary>The gallery captioned with each photo's true class, looked up in <paramref name="truth"/> (the predictions the photos came from).</summary>
    public static string Html(IReadOnlyList<GradCamResult> results, PredictionSet truth, int thumbnail = 160, int columns = 4, string? title = "Grad-CAM")
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(truth);
        var labelOf = truth.Paths.Zip(truth.Labels).ToDictionary(t => t.First, t => t.Second);
        var classes = results.Select(r => labelOf.TryGetValue(r.Path, out var k) && k >= 0 ? truth.Classes[k]
            : throw new ArgumentException($"{r.Path} has no true class in these predictions: pass the predictions the photos came from.", nameof(truth))).ToList();
        return Html(results, classes, thumbnail, columns, title);
    }
}
