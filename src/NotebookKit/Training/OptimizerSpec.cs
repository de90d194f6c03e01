using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// One optimizer parameter group: the trainable parameters of a layer group, split by whether weight decay
/// applies. Biases and BatchNorm weights (every parameter with one dimension or fewer) get none, as in fastai and timm.
/// </summary>
public sealed record ParameterGroup(string LayerGroup, int LayerGroupIndex, IReadOnlyList<Parameter> Parameters, bool Decay, double LearningRate);

/// <summary>How to build the optimizer over a learner's parameter groups. Derive a record to plug in another optimizer.</summary>
public abstract record OptimizerSpec(double WeightDecay)
{
    public abstract OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups);

    protected double DecayOf(ParameterGroup g) => g.Decay ? WeightDecay : 0.0;

    /// <summary>SGD with momentum (Nesterov optional); weight decay as L2 in the gradient, as torch.optim.SGD.</summary>
    public static OptimizerSpec Sgd(double momentum = 0.9, bool nesterov = false, double weightDecay = 0.0) => new SgdSpec(momentum, nesterov, weightDecay);

    /// <summary>Adam; weight decay as L2 in the gradient, as torch.optim.Adam.</summary>
    public static OptimizerSpec Adam(double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0.0) => new AdamSpec(beta1, beta2, weightDecay);

    /// <summary>AdamW: decoupled weight decay (fastai's default "true weight decay" of 0.01).</summary>
    public static OptimizerSpec AdamW(double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0.01) => new AdamWSpec(beta1, beta2, weightDecay);

    /// <summary>"sgd", "sgd-nesterov", "adam" or "adamw" with default settings (CLI and notebooks).</summary>
    public static OptimizerSpec Parse(string name, double? weightDecay = null) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => Sgd(weightDecay: weightDecay ?? 0),
        "sgd-nesterov" or "nesterov" => Sgd(nesterov: true, weightDecay: weightDecay ?? 0),
        "adam" => Adam(weightDecay: weightDecay ?? 0),
        "adamw" => AdamW(weightDecay: weightDecay ?? 0.01),
        _ => throw new ArgumentException($"Unknown optimizer '{name}': use sgd, sgd-nesterov, adam or adamw."),
    };
}

public sealed record SgdSpec(double Momentum, bool Nesterov, double WeightDecay) : OptimizerSpec(WeightDecay)
{
    public override OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups) => optim.SGD(
        groups.Select(g => new SGD.ParamGroup(g.Parameters, g.LearningRate, Momentum, 0, DecayOf(g), Nesterov)),
        groups[0].LearningRate, Momentum, 0, WeightDecay, Nesterov);

    public override string ToString() => Nesterov ? $"SGD(momentum {Momentum}, Nesterov)" : $"SGD(momentum {Momentum})";
}

public sealed record AdamSpec(double Beta1, double Beta2, double WeightDecay) : OptimizerSpec(WeightDecay)
{
    public override OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups) => optim.Adam(
        groups.Select(g => new Adam.ParamGroup(g.Parameters, g.LearningRate, Beta1, Beta2, 1e-8, DecayOf(g))),
        groups[0].LearningRate, Beta1, Beta2, 1e-8, WeightDecay);

    public override string ToString() => "Adam";
}

public sealed record AdamWSpec(double Beta1, double Beta2, double WeightDecay) : OptimizerSpec(WeightDecay)
{
    public override OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups) => optim.AdamW(
        groups.Select(g => new AdamW.ParamGroup(g.Parameters, g.LearningRate, Beta1, Beta2, 1e-8, DecayOf(g))),
        groups[0].LearningRate, Beta1, Beta2, 1e-8, WeightDecay);

    public override string ToString() => $"AdamW(wd {WeightDecay})";
}
