using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>A pretrained backbone plus a new head: images → logits. Knows its classes and its preprocessing.</summary>
public sealed class ImageClassifier : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> backbone;
    readonly ClassifierHead head;

    public ModelEntry Entry { get; }
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>
    /// How images are prepared for this model; every pipeline and prediction follows it, and SavedModel stores it.
    /// Fixed for the model's life: to predict at another size, pass a spec (e.g. <c>Preprocess.WithTestInputSize(288)</c>) to the prediction.
    /// </summary>
    public PreprocessSpec Preprocess { get; }
    public IBackbone Backbone => (IBackbone)backbone;
    public nn.Module<Tensor, Tensor> BackboneModule => backbone;
    public ClassifierHead Head => head;

    public ImageClassifier(ModelEntry entry, nn.Module<Tensor, Tensor> backbone, IReadOnlyList<string> classes, HeadSpec headSpec, PreprocessSpec? preprocess = null) : base("classifier")
    {
        if (backbone is not IBackbone b) throw new ArgumentException("The backbone must implement IBackbone.", nameof(backbone));
        if (classes.Count < 2) throw new ArgumentException("A classifier needs at least two classes.", nameof(classes));
        Entry = entry;
        ClassNames = classes;
        Preprocess = preprocess ?? entry.Preprocess;
        this.backbone = backbone;
        head = new ClassifierHead(b.FeatureCount, classes.Count, headSpec);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return head.forward(backbone.forward(images)).MoveToOuterDisposeScope();
    }

    /// <summary>The backbone's groups (stem, layer1 … layer4) followed by "head".</summary>
    public IReadOnlyList<LayerGroup> LayerGroups => [.. Backbone.LayerGroups, new LayerGroup("head", [head])];

    /// <summary>Re-initialises the head's weights from <paramref name="seed"/> (a new head on the same backbone, e.g. per fold).</summary>
    public void ResetHead(int seed)
    {
        manual_seed(seed);
        using var fresh = new ClassifierHead(head.Features, head.Classes, head.Spec);
        using var _ = no_grad();
        head.load_state_dict(fresh.state_dict());
    }

    /// <summary>Class probabilities [N,C] for a batch of preprocessed images, in eval mode and without gradients.</summary>
    public Tensor PredictProbabilities(Tensor images)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            return head.Probabilities(forward(images)).MoveToOuterDisposeScope();
        }
        finally { train(wasTraining); }
    }
}
