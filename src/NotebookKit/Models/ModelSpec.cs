using System.Text.Json.Serialization;
using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Everything that defines an <see cref="ImageClassifier"/>: the architecture (a zoo id), the weights it starts from, the
/// pooling, the head, the preprocessing (input and test size included) and the classes. Like timm's one config, it
/// drives both the model and its data; like torchvision, architecture and weights are two things. Every classifier is
/// built from one and carries it; model.json, checkpoints and the ONNX metadata store it, and loading rebuilds exactly it.
/// </summary>
/// <param name="Architecture">A zoo id (<see cref="Pretrained.All"/>), e.g. "resnet-cntk".</param>
/// <param name="Weights">Where the backbone's starting weights come from: <see cref="PretrainedWeights"/> (the zoo entry's
/// published weights), a local weights file (.dat, .pth/.pt/.bin, .safetensors), or null for random initialisation.</param>
public sealed record ModelSpec(string Architecture, string? Weights, Pooling Pooling, HeadSpec Head, PreprocessSpec Preprocess, IReadOnlyList<string> Classes)
{
    /// <summary>The weights tag for the zoo entry's own pretrained weights.</summary>
    public const string PretrainedWeights = "pretrained";

    /// <summary>Bounds on image sides: smaller inputs vanish in a ResNet's five halvings, larger ones only exhaust memory.</summary>
    public const int MinInputSize = 32, MaxInputSize = 1024;

    /// <summary>Bounds on a hidden layer's width.</summary>
    public const int MaxHidden = 1 << 16;

    /// <summary>
    /// A spec for zoo model <paramref name="architecture"/>: its pretrained weights (or random ones, or <paramref name="weightsFile"/>),
    /// its preprocessing at <paramref name="inputSize"/> (default: the entry's), <paramref name="head"/> (default: linear).
    /// </summary>
    public static ModelSpec For(string architecture, IReadOnlyList<string> classes, HeadSpec? head = null, Pooling pooling = Pooling.Avg,
        bool pretrained = true, int? inputSize = null, string? weightsFile = null)
    {
        var entry = Pretrained.Get(architecture);
        var weights = weightsFile ?? (pretrained ? PretrainedWeights : null);
        return new ModelSpec(entry.Id, weights, pooling, head ?? HeadSpec.Linear,
            inputSize is { } size ? entry.Preprocess.WithInputSize(size) : entry.Preprocess, [.. classes]);
    }

    [JsonIgnore] public ModelEntry Entry => Pretrained.Get(Architecture);
    [JsonIgnore] public int InputSize => Preprocess.InputSize;
    [JsonIgnore] public int TestInputSize => Preprocess.TestInputSize ?? Preprocess.InputSize;

    /// <summary>
    /// The classifier this spec describes: the architecture with its pooling at the input size, a head initialised from
    /// <paramref name="seed"/>, and the starting weights loaded into the backbone unless <paramref name="loadWeights"/> is
    /// false (a saved model's own weights follow).
    /// </summary>
    /// <exception cref="ArgumentException">The spec is not a buildable model; the message lists what is wrong.</exception>
    public ImageClassifier Build(int seed = Seeds.Default, bool loadWeights = true)
    {
        manual_seed(seed);
        var model = new ImageClassifier(this);
        try
        {
            if (loadWeights) LoadWeightsInto(model.BackboneModule);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The backbone alone, with random weights: the same modules and parameter names as the classifier's.</summary>
    public nn.Module<Tensor, Tensor> CreateBackbone() => Entry.CreateBackbone(Pooling, InputSize);

    void LoadWeightsInto(nn.Module<Tensor, Tensor> backbone)
    {
        switch (Weights)
        {
            case null: return;
            case PretrainedWeights:
                Entry.LoadWeights!(backbone);
                return;
            default:
                StateDict.Load(backbone, Weights, Entry.Weights?.IgnoredKeys);
                return;
        }
    }

    /// <summary>What makes this spec unbuildable, one phrase each (JSON key names, so a model.json can be fixed by hand); empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var entry = Pretrained.All.FirstOrDefault(e => e.Id == Architecture);
        if (entry is null)
            problems.Add($"architecture '{Architecture}' is not in the zoo (known: {string.Join(", ", Pretrained.All.Select(e => e.Id))})");
        if (!Enum.IsDefined(Pooling)) problems.Add($"pooling {(int)Pooling} is not avg or flatten");
        else if (entry is not null && !entry.Poolings.Contains(Pooling))
            problems.Add($"{Architecture} cannot use {Pooling.Name()} pooling (its features come out of fully connected layers)");
        if (Weights is { } w)
        {
            if (string.IsNullOrWhiteSpace(w)) problems.Add("weights is empty (use \"pretrained\", a weights file, or null for random initialisation)");
            else if (w == PretrainedWeights && entry is { HasWeights: false }) problems.Add($"{Architecture} has no pretrained weights");
        }
        if (Classes is null || Classes.Count < 2) problems.Add("classes must list at least two classes");
        else
        {
            if (Classes.Any(string.IsNullOrWhiteSpace)) problems.Add("classes has an empty name");
            if (Classes.Distinct(StringComparer.Ordinal).Count() != Classes.Count) problems.Add("classes has a name twice");
        }
        if (Head is null) problems.Add("head is missing");
        else
        {
            if (Head.Hidden is < 0 or > MaxHidden) problems.Add($"head.hidden {Head.Hidden} is not between 0 and {MaxHidden}");
            if (!(Head.Dropout >= 0 && Head.Dropout < 1)) problems.Add($"head.dropout {Head.Dropout} is not in [0, 1)");
            if (Head.Sigmoid && Classes is { Count: not 2 }) problems.Add($"a sigmoid head needs exactly two classes, not {Classes.Count}");
        }
        if (Preprocess is null) problems.Add("preprocess is missing");
        else problems.AddRange(PreprocessProblems(Preprocess, entry));
        return problems;
    }

    IEnumerable<string> PreprocessProblems(PreprocessSpec p, ModelEntry? entry)
    {
        bool Side(int size) => size is >= MinInputSize and <= MaxInputSize;
        if (!Side(p.InputSize)) yield return $"preprocess.input_size {p.InputSize} is not between {MinInputSize} and {MaxInputSize}";
        else if (!(p.ResizeSize >= p.InputSize && p.ResizeSize <= 2 * MaxInputSize))
            yield return $"preprocess.resize_size {p.ResizeSize} is not between input_size {p.InputSize} and {2 * MaxInputSize}";
        if (p.TestInputSize is { } t && !Side(t)) yield return $"preprocess.test_input_size {t} is not between {MinInputSize} and {MaxInputSize}";
        if (entry is { FixedInputSize: true } && (p.InputSize != entry.Preprocess.InputSize || p.TestInputSize is { } t2 && t2 != p.InputSize))
            yield return $"{entry.Id} only takes {entry.Preprocess.InputSize}-pixel inputs";
        if (Pooling == Pooling.Flatten && p.TestInputSize is { } t3 && t3 != p.InputSize)
            yield return "a flattened model only takes its input size, so it cannot have another test_input_size";
        if (!Enum.IsDefined(p.Interpolation)) yield return $"preprocess.interpolation {(int)p.Interpolation} is not bicubic or bilinear";
        var n = p.Normalization;
        if (n is null) { yield return "preprocess.normalization is missing"; yield break; }
        if (n.Mean is not { Length: 3 } || n.Std is not { Length: 3 }) { yield return "preprocess.normalization needs three means and three stds"; yield break; }
        if (!n.Mean.All(float.IsFinite) || !n.Std.All(s => float.IsFinite(s) && s > 0))
            yield return "preprocess.normalization has a mean that is not a number or a std that is not positive";
        if (!(float.IsFinite(n.PixelScale) && n.PixelScale > 0)) yield return $"preprocess.normalization.pixel_scale {n.PixelScale} is not positive";
        if (!Enum.IsDefined(n.Order)) yield return $"preprocess.normalization.order {(int)n.Order} is not rgb or bgr";
    }

    /// <summary>Throws when the spec cannot be built, listing every problem.</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems) throw new ArgumentException($"Not a buildable model: {string.Join("; ", problems)}.");
    }

    // Records compare lists by reference; two specs with the same classes describe the same model.
    public bool Equals(ModelSpec? other) =>
        other is not null && Architecture == other.Architecture && Weights == other.Weights && Pooling == other.Pooling &&
        Equals(Head, other.Head) && Equals(Preprocess, other.Preprocess) && Classes.SequenceEqual(other.Classes);

    public override int GetHashCode() => HashCode.Combine(Architecture, Pooling, Head, Preprocess, Classes.Count);

    public override string ToString() =>
        $"{Architecture} ({Weights ?? "random init"}), {Pooling.Name()} pooling, head {Head}, {InputSize} px, classes [{string.Join(", ", Classes)}]";
}
