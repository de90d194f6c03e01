using TorchSharp.Modules;

namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>Number of leading layer groups that are frozen (0 = nothing frozen).</summary>
    public int FrozenCount { get; private set; }

    /// <summary>fastai's freeze: everything but the head (the last group) is frozen.</summary>
    public void Freeze() => FreezeTo(-1);

    /// <summary>fastai's unfreeze: every group trains.</summary>
    public void Unfreeze() => FreezeTo(0);

    /// <summary>
    /// fastai's freeze_to: groups before <paramref name="n"/> are frozen, the rest train; a negative
    /// <paramref name="n"/> counts from the end (−1: only the head trains). Changing what is frozen clears the
    /// optimizer state, as fastai does.
    /// </summary>
    public void FreezeTo(int n)
    {
        var count = n < 0 ? Groups.Count + n : n;
        if (count < 0 || count >= Groups.Count)
            throw new ArgumentOutOfRangeException(nameof(n), $"FreezeTo({n}) is outside 0 … {Groups.Count - 1} (−{Groups.Count - 1} … −1): the head always trains.");
        if (count == FrozenCount) return;
        FrozenCount = count;
        ApplyFreeze();
        ResetOptimizer();
    }

    /// <summary>
    /// fastai's freeze_to by name: the groups before <paramref name="group"/> are frozen, <paramref name="group"/> and
    /// everything after it train (e.g. "layer4": stem … layer3 frozen, layer4 + head train). The kit's one convention:
    /// <see cref="FreezeSpec.From"/> and the CLI's <c>--freeze from:GROUP</c> mean the same.
    /// </summary>
    public void FreezeTo(string group) => FreezeTo(GroupIndex(group));

    public int GroupIndex(string group)
    {
        for (var i = 0; i < Groups.Count; i++)
            if (string.Equals(Groups[i].Name, group, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"No layer group '{group}'. Groups: {string.Join(", ", Groups.Select(g => g.Name))}.", nameof(group));
    }

    public bool IsFrozen(int group) => group < FrozenCount;

    /// <summary>
    /// fastai's fine_tune: <paramref name="freezeEpochs"/> of one-cycle on the head alone (pct_start 0.99), then
    /// unfreeze and <paramref name="epochs"/> of one-cycle with rates spread geometrically from
    /// (<paramref name="baseLr"/>/2)/<paramref name="lrMult"/> on the stem to <paramref name="baseLr"/>/2 on the head
    /// (fastai halves the base rate for the unfrozen stage; so does this).
    /// </summary>
    public IReadOnlyList<EpochRecord> FineTune(int epochs, double baseLr = 2e-3, int freezeEpochs = 1, double lrMult = 100, double pctStart = 0.3, double div = 5.0,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        var cbs = callbacks?.ToList() ?? [];
        var added = new List<EpochRecord>();
        if (freezeEpochs > 0)
        {
            Freeze();
            added.AddRange(FitOneCycle(freezeEpochs, LearningRates.Slice(baseLr), pctStart: 0.99, stage: "frozen", callbacks: cbs, cancellationToken: cancellationToken));
        }
        baseLr /= 2;
        Unfreeze();
        added.AddRange(FitOneCycle(epochs, LearningRates.Slice(baseLr / lrMult, baseLr), pctStart, div, stage: "unfrozen", callbacks: cbs, cancellationToken: cancellationToken));
        return added;
    }

    /// <summary>
    /// ULMFiT's gradual unfreezing: train the head, then unfreeze one more group from the top each stage
    /// (layer4, layer3 …), <paramref name="epochsPerStage"/> one-cycle epochs each, with rates from
    /// <paramref name="baseLr"/>/<paramref name="lrMult"/> (stem) to <paramref name="baseLr"/> (head).
    /// <paramref name="stages"/> limits how many stages run (default: until everything trains).
    /// </summary>
    public IReadOnlyList<EpochRecord> GradualUnfreeze(int epochsPerStage, double baseLr = 1e-3, double lrMult = 100, int? stages = null,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        var cbs = callbacks?.ToList() ?? [];
        var added = new List<EpochRecord>();
        var count = Math.Min(stages ?? Groups.Count, Groups.Count);
        for (var s = 0; s < count; s++)
        {
            FreezeTo(Groups.Count - 1 - s);
            added.AddRange(FitOneCycle(epochsPerStage, LearningRates.Slice(baseLr / lrMult, baseLr),
                stage: $"from {Groups[FrozenCount].Name}", callbacks: cbs, cancellationToken: cancellationToken));
        }
        return added;
    }

    /// <summary>
    /// Sets requires_grad per group (BatchNorm parameters of frozen groups train only with
    /// <see cref="LearnerOptions.TrainFrozenBatchNorm"/>) and puts frozen groups in inference mode at once, so what the
    /// inspector shows right after a freeze is what a fit will run.
    /// </summary>
    void ApplyFreeze()
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            var frozen = IsFrozen(i);
            var batchNorm = BatchNormParameters(i);
            foreach (var p in Groups[i].Parameters())
                p.requires_grad = !frozen || (Options.TrainFrozenBatchNorm && batchNorm.Contains(p.Handle));
            if (!frozen && Model.training)
                foreach (var m in Groups[i].Modules) m.train();
        }
        SetFrozenModes();
    }

    /// <summary>
    /// model.train(), then frozen groups back to eval mode: their BatchNorm running statistics stay as pretrained, and
    /// their dropout and stochastic depth are off, so a frozen group computes what its cached activations hold (Keras'
    /// trainable=False runs a layer in inference mode too). With <see cref="LearnerOptions.TrainFrozenBatchNorm"/> their
    /// BatchNorm layers stay in training mode. Called at the start of every training phase, never model.train() alone.
    /// </summary>
    void SetTrainMode()
    {
        Model.train();
        SetFrozenModes();
    }

    /// <summary>Frozen groups in eval mode (their BatchNorm layers in training mode with <see cref="LearnerOptions.TrainFrozenBatchNorm"/>).</summary>
    void SetFrozenModes()
    {
        for (var i = 0; i < FrozenCount; i++)
        {
            foreach (var m in Groups[i].Modules) m.eval();
            if (Options.TrainFrozenBatchNorm)
                foreach (var bn in BatchNormModules(i)) bn.train();
        }
    }

    /// <summary>
    /// The group's normalisation layers, which <see cref="LearnerOptions.TrainFrozenBatchNorm"/> keeps training: BatchNorm,
    /// and LayerNorm for the transformers and ConvNeXt (fastai's train_bn covers every norm type too; a LayerNorm has no
    /// running statistics, so only its affine parameters are concerned).
    /// </summary>
    IEnumerable<TorchSharp.torch.nn.Module> BatchNormModules(int group) =>
        Groups[group].Modules.SelectMany(m => m.modules().Prepend(m)).Distinct()
            .Where(m => m is BatchNorm1d or BatchNorm2d or BatchNorm3d or LayerNorm or Models.LayerNorm2d);

    HashSet<IntPtr> BatchNormParameters(int group) => [.. BatchNormModules(group).SelectMany(m => m.parameters()).Select(p => p.Handle)];
}
