using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>Settings of a <see cref="Learner"/> that stay fixed across its fits.</summary>
public sealed record LearnerOptions
{
    /// <summary>fastai's default: Adam with decoupled weight decay 0.01 (no decay on biases and BatchNorm).</summary>
    public OptimizerSpec Optimizer { get; init; } = OptimizerSpec.AdamW();
    /// <summary>Seeds shuffling, augmentation, dropout and the per-epoch torch generator.</summary>
    public int Seed { get; init; } = Seeds.Default;
    public Device? Device { get; init; }
    /// <summary>
    /// fastai's train_bn: BatchNorm layers of frozen groups keep training (affine parameters and running statistics).
    /// Off by default: frozen means frozen, which also lets the frozen prefix be cached.
    /// </summary>
    public bool TrainFrozenBatchNorm { get; init; }
    /// <summary>Run a frozen prefix once and train the rest from its cached output (when the pipeline is deterministic).</summary>
    public bool CacheFrozenActivations { get; init; } = true;
    public CachePrecision CachePrecision { get; init; } = CachePrecision.Float32;
    /// <summary>
    /// How layers that run forward only compute — frozen groups in a fit, and the whole model in validation and
    /// predictions (<see cref="Learner.GetPreds"/> also takes it per call): <see cref="Platform.ComputePrecision.Auto"/>, the
    /// default, runs a fused form (BatchNorm folded into the convolutions, channels-last, bf16 where the CPU computes it
    /// natively, else fp32), within bf16 rounding of the model's own modules; <see cref="Platform.ComputePrecision.Float32"/>
    /// runs the model's own modules in fp32, exactly as <c>model.forward</c> (e.g. to compare with an exported ONNX file);
    /// <see cref="Platform.ComputePrecision.BFloat16"/> the fused form in bf16 even where the CPU emulates it. Validation and
    /// predictions do not depend on what is frozen: the same weights give the same predictions.
    /// </summary>
    public Platform.ComputePrecision InferencePrecision { get; init; } = Platform.ComputePrecision.Auto;
    /// <summary>
    /// How trainable layer groups compute in training steps: bf16 mixed precision (PyTorch's CPU autocast: convolutions and
    /// linear layers in bf16 on casts of the fp32 weights, which the optimizer updates; BatchNorm statistics and the loss in
    /// fp32; see <see cref="ExecutionPlan"/>) or fp32. By default bf16 where the CPU computes it natively (environment
    /// variable <c>NOTEBOOKKIT_TRAIN_PRECISION</c> overrides); the head trained alone stays fp32, and a model whose layers
    /// cannot compute in bf16 trains in fp32 (with a note in <see cref="Log"/>).
    /// </summary>
    public Platform.ComputePrecision TrainPrecision { get; init; } = Platform.ComputePrecision.Auto;
    /// <summary>
    /// Where cached activations persist between runs (see <see cref="ActivationStore"/>); null keeps them in memory for
    /// the learner's life only.
    /// </summary>
    public string? CacheDirectory { get; init; } = Platform.KitPaths.ActivationsCache;
    /// <summary>Largest cache per dataset; beyond it the learner runs the full forward pass instead.</summary>
    public long CacheBudgetBytes { get; init; } = 4L << 30;
    /// <summary>
    /// How much each class counts in the training loss (<see cref="Training.ClassWeights.Balanced"/> for unbalanced
    /// classes); null weighs every image alike. Applies to cached-feature training too: it is the loss's weight.
    /// </summary>
    public ClassWeights? ClassWeights { get; init; }
    /// <summary>
    /// Draw training batches class-balanced, with replacement (<see cref="Data.DataLoader.Balanced"/>), in learners made by
    /// <see cref="Learner.FromFolder"/>; the other way to keep a small class from being outvoted.
    /// </summary>
    public bool BalancedSampler { get; init; }
    /// <summary>Receives one-line notes such as which path training takes and why.</summary>
    public Action<string>? Log { get; init; }
}
