using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Tests.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Models;

/// <summary>
/// Every zoo entry × every pooling it offers × every head kind saves, loads and predicts the same probabilities, from
/// random weights (nothing downloaded) at 64 px (LeNet-5: its 32). The combinations an architecture cannot take
/// (flatten after fully connected layers: VGG-16, AlexNet, LeNet-5) are refused, with the reason, in <see cref="PoolingTests"/>.
/// Nothing here depends on what torch's global generator draws (the images have their own generator; the loaded model
/// gets the saved weights whatever it was initialised with), so the cases run beside other classes, not in the
/// one-at-a-time <see cref="TorchCollection"/>.
/// </summary>
public class ModelSpecRoundTripTests
{
    public static readonly Dictionary<string, HeadSpec> Heads = new()
    {
        ["linear"] = HeadSpec.Linear,
        ["mlp"] = new HeadSpec(16, 0.5),
        ["sigmoid"] = new HeadSpec(16, 0.5, Sigmoid: true),
    };

    public static TheoryData<string, Pooling, string> Cases()
    {
        var data = new TheoryData<string, Pooling, string>();
        foreach (var entry in Pretrained.All)
        foreach (var pooling in entry.Poolings)
        foreach (var head in Heads.Keys)
            data.Add(entry.Id, pooling, head);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SavesLoadsAndPredictsTheSame(string id, Pooling pooling, string head)
    {
        var size = Pretrained.Get(id).FixedInputSize ? Pretrained.Get(id).Preprocess.InputSize : 64;
        using var dir = new TempFolder();
        // Not the default seed: Load builds with it, so an unloaded model would differ from this one.
        using var model = ModelSpec.For(id, ["cat", "dog"], Heads[head], pooling, pretrained: false, inputSize: size).Build(seed: 11);
        using var images = randn([2, 3, size, size], generator: new Generator(5)); // two: BatchNorm in training mode needs more than one value per channel
        model.train();
        using (no_grad()) model.forward(images).Dispose(); // moves BatchNorm's running statistics off their defaults, so they round-trip too
        using var expected = model.PredictProbabilities(images);

        SavedModel.Save(model, dir.Combine("run"));
        using var loaded = SavedModel.Load(dir.Combine("run"));

        Assert.Equal(model.Spec, loaded.Spec);
        Assert.Equal(pooling, loaded.Spec.Pooling);
        Assert.Equal(model.state_dict().Keys, loaded.state_dict().Keys);
        using var actual = loaded.PredictProbabilities(images);
        Assert.True(actual.eq(expected).all().item<bool>(), $"{id}/{pooling}/{head}: max |Δp| = {(actual - expected).abs().max().item<float>():G3}");
    }
}
