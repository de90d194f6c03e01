using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// A backbone plus a new head: images → logits. Built from a <see cref="ModelSpec"/>, which it carries: its classes, its
/// preprocessing and everything needed to rebuild it (<see cref="ModelSpec.Build"/>, <see cref="SavedModel"/>).
/// </summary>
public sealed class ImageClassifier : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> backbone;
    readonly ClassifierHead head;

    /// <summary>What this model is; saved with it, and what loading rebuilds.</summary>
    public ModelSpec Spec { get; }
    public ModelEntry Entry { get; }
    public IReadOnlyList<string> ClassNames => Spec.Classes;
    /// <summary>
    /// How images are prepared for this model; every pipeline and prediction follows it, and SavedModel stores it.
    /// Fixed for the model's life: to predict at another size, pass a spec (e.g. <c>Preprocess.WithTestInputSize(288)</c>) to the prediction.
    /// </summary>
    public PreprocessSpec Preprocess => Spec.Preprocess;
    public IBackbone Backbone => (IBackbone)backbone;
    public nn.Module<Tensor, Tensor> BackboneModule => backbone;
    public ClassifierHead Head => head;

    /// <summary>The classifier <paramref name="spec"/> describes, every weight random (see <see cref="ModelSpec.Build"/> for its starting weights).</summary>
    /// <exception cref="ArgumentException">The spec is not a buildable model.</exception>
    public ImageClassifier(ModelSpec spec) : this(spec, backbone: null) { }

    /// <summary>
    /// The classifier with a backbone built elsewhere: only for tests of the engine on modules the zoo does not build
    /// (such a model's spec does not describe its backbone, so it must not be saved).
    /// </summary>
    internal ImageClassifier(ModelSpec spec, nn.Module<Tensor, Tensor>? backbone) : base("classifier")
    {
        spec.Validate();
        Spec = spec;
        Entry = spec.Entry;
        this.backbone = backbone ?? spec.CreateBackbone();
        head = new ClassifierHead(Backbone.FeatureCount, spec.Classes.Count, spec.Head);
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
