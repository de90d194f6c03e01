using NotebookKit.Models;
using NotebookKit.Tests.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

[Collection(TorchCollection.Name)]
public class PoolingTests
{
    [Fact]
    public void Flatten_keeps_the_last_feature_map_whose_average_is_the_pooled_output()
    {
        manual_seed(3);
        using var pooledNet = new ResNetBackbone("r18", [1, 1, 1, 1]);
        using var flatNet = new ResNetBackbone("r18", [1, 1, 1, 1], pooling: Pooling.Flatten, inputSize: 64);
        using (no_grad()) flatNet.load_state_dict(pooledNet.state_dict()); // the same parameter names: pooling has none
        pooledNet.eval();
        flatNet.eval();
        using var _ = no_grad();
        using var images = randn(2, 3, 64, 64);

        using var pooled = pooledNet.forward(images);
        using var flattened = flatNet.forward(images);
        Assert.Equal(512 * 2 * 2, flatNet.FeatureCount); // 64 px → a 2×2 map of layer4
        Assert.Equal([2L, flatNet.FeatureCount], flattened.shape);
        using var averaged = flattened.reshape(2, 512, 4).mean([2]);
        Assert.True(averaged.allclose(pooled, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4+flatten"], flatNet.LayerGroups.Select(g => g.Name));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(57)]
    [InlineData(224)]
    public void A_flattened_resnets_feature_count_is_its_output_width(int size)
    {
        using var net = new ResNetBackbone("r18", [1, 1, 1, 1], pooling: Pooling.Flatten, inputSize: size);
        net.eval();
        using var _ = no_grad();
        using var x = zeros(1, 3, size, size);
        using var y = net.forward(x);
        Assert.Equal(net.FeatureCount, y.shape[1]);
    }

    [Fact]
    public void The_article_classifier_has_its_head_over_every_position_and_layer4_once()
    {
        using var model = Pretrained.Classifier(Pretrained.DefaultId, ["cat", "dog"], HeadSpec.ArticleBinary, pooling: Pooling.Flatten);
        Assert.Equal(512 * 7 * 7, model.Head.Features);
        Assert.Equal(512 * 7 * 7 * 256 + 256 + 256 + 1, model.Head.parameters().Sum(p => p.numel()));
        Assert.Equal("layer4+flatten", model.LayerGroups[^2].Name);
        Assert.Equal(Pooling.Flatten, model.Spec.Pooling);
        using var pooled = Pretrained.Classifier(Pretrained.DefaultId, ["cat", "dog"], HeadSpec.ArticleBinary);
        Assert.Equal(pooled.BackboneModule.state_dict().Keys, model.BackboneModule.state_dict().Keys); // no wrapper: layer4 is stored once
    }

    [Theory]
    [InlineData("vgg16")]
    [InlineData("alexnet")]
    [InlineData("lenet5")]
    public void Backbones_ending_in_fully_connected_layers_refuse_flatten_and_say_why(string id)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ModelSpec.For(id, ["a", "b"], pooling: Pooling.Flatten, pretrained: false).Build());
        Assert.Contains("fully connected", e.Message);
    }
}
