using NotebookKit.Models;
using NotebookKit.Tests.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

[Collection(TorchCollection.Name)]
public class FlattenedBackboneTests
{
    [Fact]
    public void Flattens_the_last_feature_map_whose_average_is_the_pooled_backbone_output()
    {
        manual_seed(3);
        using var resnet = new ResNetBackbone("r18", [1, 1, 1, 1]);
        resnet.eval();
        using var flat = new FlattenedBackbone(resnet, inputSize: 64);
        flat.eval();
        using var _ = no_grad();
        using var images = randn(2, 3, 64, 64);

        using var pooled = resnet.forward(images);
        using var flattened = flat.forward(images);
        Assert.Equal(512 * 2 * 2, flat.FeatureCount); // 64 px → a 2×2 map of layer4
        Assert.Equal([2L, flat.FeatureCount], flattened.shape);
        using var averaged = flattened.reshape(2, 512, 4).mean([2]);
        Assert.True(averaged.allclose(pooled, rtol: 1e-4, atol: 1e-5));

        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4+flatten"], flat.LayerGroups.Select(g => g.Name));
        Assert.Equal(resnet.parameters().Sum(p => p.numel()), flat.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void A_classifier_on_it_has_the_article_head_over_every_position()
    {
        var model = FlattenedBackbone.Classifier(Pretrained.DefaultId, ["cat", "dog"], HeadSpec.ArticleBinary);
        Assert.Equal(512 * 7 * 7, model.Head.Features);
        Assert.Equal(512 * 7 * 7 * 256 + 256 + 256 + 1, model.Head.parameters().Sum(p => p.numel()));
        Assert.Equal("layer4+flatten", model.LayerGroups[^2].Name);
    }
}
