using NotebookKit.Data;
using NotebookKit.Explainability;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Tests.Training;
using NotebookKit.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Explainability;

// The trained head's initial weights come from torch's global generator: tests seeding it in parallel once gave
// a head whose "plain" map was empty.
[Collection(TorchCollection.Name)]
public class GradCamTests
{
    /// <summary>
    /// Known case: a linear head on frozen resnet-cntk features learns "disc" vs "plain" texture. The disc is the
    /// only evidence for class "disc", so Grad-CAM of that class must put most of its mass on the disc's half.
    /// </summary>
    [Fact]
    public void Heat_map_mass_lies_on_the_half_holding_the_object()
    {
        var model = DiscModel();
        var rng = new Random(11);
        var lefts = Enumerable.Range(0, 6).Select(i => i % 2 == 0).ToArray();
        using var batch = Batch(model, [.. lefts.Select(left => DiscImages.DiscIn(rng, left))]);

        var results = GradCam.Compute(model, batch, [.. lefts.Select(_ => 0)]);

        for (var i = 0; i < lefts.Length; i++)
        {
            var map = results[i].Map;
            Assert.Equal((DiscImages.Size, DiscImages.Size), (map.Width, map.Height));
            var share = map.MassFraction(lefts[i] ? 0 : DiscImages.Size / 2, 0, DiscImages.Size / 2, DiscImages.Size);
            Assert.True(share > 0.6, $"image {i}: {share:P0} of the map on the disc's half");
            Assert.Equal("disc", results[i].TargetClass);
        }
    }

    [Fact]
    public void Real_photo_gives_a_normalised_map_an_overlay_and_a_gallery()
    {
        var model = DiscModel();
        var photo = SharedData.Photo(cls: "cat");

        var result = GradCam.Explain(model, photo, targetClass: "plain");

        var values = result.Map.Values;
        Assert.Equal(model.Preprocess.InputSize * model.Preprocess.InputSize, values.Length);
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, values.Max(), 3);
        var mean = values.Average();
        Assert.True(values.Average(v => (v - mean) * (v - mean)) > 1e-3, "the map should not be flat");
        Assert.Equal(photo, result.Path);
        Assert.Equal("plain", result.TargetClass);

        Assert.Equal(model.Preprocess, result.Preprocess);
        using var overlay = GradCamGallery.Overlay(result);
        Assert.Equal((model.Preprocess.InputSize, model.Preprocess.InputSize), (overlay.Width, overlay.Height));

        var html = GradCamGallery.Html(GradCam.Explain(model, [photo, SharedData.Photo(cls: "dog")]), ["cat", "dog"], thumbnail: 64);
        Assert.Contains("data:image/jpeg;base64,", html);
        Assert.Contains("cat → ", html);

        var truth = new PredictionSet(["cat", "dog"], [photo], [0], [[0.5f, 0.5f]]);
        Assert.Contains("cat → ", GradCamGallery.Html([result], truth, thumbnail: 64));
        Assert.Contains("has no true class", Assert.Throws<ArgumentException>(() => GradCamGallery.Html([result], truth with { Paths = ["other.jpg"] })).Message);
    }

    [Fact]
    public void Unknown_layer_or_class_is_refused_with_the_valid_names()
    {
        var model = DiscModel();
        using var images = zeros(1, 3, 64, 64);
        var layer = Assert.Throws<ArgumentException>(() => GradCam.Compute(model, images, layer: "layer9"));
        Assert.Contains("layer4", layer.Message);
        Assert.Throws<ArgumentException>(() => GradCam.Compute(model, images, [5]));
    }

    [Fact]
    public void A_single_image_and_an_earlier_layer_group_give_a_map_of_the_input_size()
    {
        var model = DiscModel();
        using var batch = Batch(model, [DiscImages.DiscIn(new Random(3), left: true)]);
        using var single = batch[0]; // one image [3,H,W], not a batch
        var result = GradCam.Compute(model, single, layer: "layer3").Single();
        Assert.Equal(DiscImages.Size * DiscImages.Size, result.Map.Values.Length);
        Assert.True(model.training, "the model's training mode is restored");
    }

    static readonly Lazy<ImageClassifier> Trained = new(TrainDiscModel);

    static ImageClassifier DiscModel() => Trained.Value;

    static ImageClassifier TrainDiscModel()
    {
        var model = Pretrained.Classifier("resnet-cntk", ["disc", "plain"]);
        var rng = new Random(5);
        var images = new List<Image<Rgb24>>();
        var labels = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            images.Add(DiscImages.DiscIn(rng, left: i % 2 == 0));
            labels.Add(0);
            images.Add(DiscImages.Draw(rng, disc: false));
            labels.Add(1);
        }
        using var batch = Batch(model, images);
        Tensor features;
        model.eval();
        using (no_grad()) features = model.BackboneModule.forward(batch);
        using var y = tensor(labels.ToArray());
        var optimizer = optim.Adam(model.Head.parameters(), lr: 0.01);
        for (var step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            model.Head.Loss(model.Head.forward(features), y).backward();
            optimizer.step();
        }
        features.Dispose();
        model.train();
        return model;
    }

    /// <summary>Normalises pictures as the model expects, without resizing (the synthetic ones are already small).</summary>
    static Tensor Batch(ImageClassifier model, IReadOnlyList<Image<Rgb24>> images)
    {
        var pipeline = new ImagePipeline([], model.Preprocess.Normalization, DiscImages.Size);
        var plane = 3 * DiscImages.Size * DiscImages.Size;
        var chw = new float[images.Count * plane];
        for (var i = 0; i < images.Count; i++)
        {
            pipeline.WriteChw(images[i], chw.AsSpan(i * plane, plane));
            images[i].Dispose();
        }
        return tensor(chw, [images.Count, 3, DiscImages.Size, DiscImages.Size]);
    }
}
