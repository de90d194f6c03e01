using NotebookKit.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

public class ModelInspectorTests
{
    static ImageClassifier ResNet18() => Pretrained.Classifier("resnet18", ["cat", "dog"], HeadSpec.ArticleBinary, pretrained: false);

    [Fact]
    public void FreshModelIsAllTrainableWithShapesPerGroup()
    {
        using var model = ResNet18();
        var anatomy = ModelInspector.Inspect(model);
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], anatomy.Groups.Select(g => g.Name));
        Assert.Equal(model.parameters().Sum(p => p.numel()), anatomy.Parameters);
        Assert.Equal(0, anatomy.Frozen);
        Assert.Equal([1L, 64, 112, 112], anatomy.Groups[0].OutputShape!);   // after bn1, before the max pool
        Assert.Equal([1L, 512, 7, 7], anatomy.Groups[4].OutputShape!);
        Assert.Equal([1L, 1], anatomy.Groups[5].OutputShape!);
        Assert.Equal([1L, 64, 112, 112], anatomy.Layers.Single(l => l.Name == "backbone.conv1").OutputShape!);
        Assert.Empty(anatomy.Warnings);
        Assert.True(model.training, "inspection must restore the training flag");
    }

    [Fact]
    public void FrozenGroupsWithBatchNormInTrainModeAreFlagged()
    {
        using var model = ResNet18();
        model.train();
        var groups = model.LayerGroups;
        foreach (var g in groups.Take(4))
            foreach (var p in g.Parameters()) p.requires_grad = false;
        // The fix for stem..layer2 only: layer3 keeps the classic bug (frozen weights, BatchNorm still updating).
        foreach (var m in groups.Take(3).SelectMany(g => g.Modules)) m.eval();

        var lrs = new Dictionary<string, double> { ["layer4"] = 1e-4, ["head"] = 1e-3 };
        var anatomy = ModelInspector.Inspect(model, learningRates: lrs);
        var byName = anatomy.Groups.ToDictionary(g => g.Name);

        Assert.Equal("frozen", byName["stem"].State);
        Assert.Equal(0, byName["layer2"].BatchNormsTraining);
        Assert.Equal(byName["layer3"].BatchNorms, byName["layer3"].BatchNormsTraining);
        Assert.True(byName["layer3"].FrozenWithBatchNormTraining);
        Assert.False(byName["layer2"].FrozenWithBatchNormTraining);
        Assert.Equal("trainable", byName["layer4"].State);
        Assert.Equal(1e-4, byName["layer4"].LearningRate);
        Assert.Null(byName["stem"].LearningRate);
        Assert.Single(anatomy.Warnings, w => w.StartsWith("layer3"));
        Assert.StartsWith("frozen: stem … layer3 (", anatomy.Summary);
        Assert.Contains("; training: layer4, head (", anatomy.Summary);

        var (total, trainable) = ModelInspector.CountParameters(model);
        Assert.Equal(total, anatomy.Parameters);
        Assert.Equal(trainable, anatomy.Trainable);
        Assert.Equal(byName["layer4"].Parameters + byName["head"].Parameters, trainable);

        var bn = anatomy.Layers.Single(l => l.Name == "backbone.layer2.0.bn1");
        Assert.False(bn.BatchNormTraining);
        Assert.Equal(0, bn.Trainable);
        Assert.True(anatomy.Layers.Single(l => l.Name == "backbone.layer3.0.bn1").BatchNormTraining);

        // The flags the inspector found are the ones it leaves behind.
        Assert.True(model.training);
        Assert.False(groups[1].Modules[0].training);
        Assert.True(groups[3].Modules[0].training);

        var text = anatomy.ToString();
        Assert.Contains("WARNING layer3", text);
        Assert.Contains("frozen", text);
        var table = anatomy.GroupsTable();
        Assert.Equal(6, table.Rows.Count);
        Assert.Equal(anatomy.Layers.Count, anatomy.LayersTable().Rows.Count);
    }

    [Fact]
    public void TrainableGroupWithoutLearningRateIsFlagged()
    {
        using var model = ResNet18();
        var anatomy = ModelInspector.Inspect(model, inputSize: 64, learningRates: new Dictionary<string, double> { ["head"] = 1e-3, ["layer4"] = 0 });
        Assert.Contains(anatomy.Warnings, w => w.StartsWith("stem: trainable but no learning rate"));
        Assert.Contains(anatomy.Warnings, w => w == "layer4: trainable but learning rate 0.");
        Assert.DoesNotContain(anatomy.Warnings, w => w.StartsWith("head"));
        Assert.Equal([1L, 512, 2, 2], anatomy.Groups.Single(g => g.Name == "layer4").OutputShape!);
    }

    [Fact]
    public void WorksForAnyBackboneWithGroups()
    {
        using var backbone = TorchVisionBackbones.MobileNetV2();
        var anatomy = ModelInspector.Inspect(backbone, backbone.LayerGroups, 224);
        Assert.Equal([1L, 1280, 7, 7], anatomy.Groups[^1].OutputShape!);
        Assert.Equal([1L, 24, 56, 56], anatomy.Groups[1].OutputShape!);
        Assert.DoesNotContain(anatomy.Groups, g => g.Name == "(none)");
    }
}
