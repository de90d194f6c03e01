using System.Diagnostics;
using Microsoft.Data.Analysis;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training.Callbacks;
using TorchSharp;
using OptimizerHelper = TorchSharp.Modules.OptimizerHelper;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// fastai's Learner: a classifier, its train/validation data, the head's loss, an optimizer and a seed, with
/// <see cref="Fit"/> running train and validation phases, callbacks, freezing by layer group, discriminative
/// learning rates and schedules. When leading groups are frozen and the pipeline is deterministic, their output
/// is computed once and cached (<see cref="ActivationCache"/>), so each epoch pays only for the trainable suffix.
/// </summary>
public sealed partial class Learner : IDisposable
{
    readonly List<EpochRecord> history = [];
    readonly List<ActivationCache> caches = [];
    readonly BackboneStages stages;
    OptimizerHelper? optimizer;
    IReadOnlyList<ParameterGroup> parameterGroups = [];
    FitPosition? position;   // where the running (or last interrupted) fit stands; saved in checkpoints
    FitPosition? resumeFrom; // set only by LoadCheckpoint: the next matching Fit continues from it
    Dictionary<string, byte[]> callbackStates = []; // set only by LoadCheckpoint: restored into the resumed fit's callbacks
    List<ICallback>? fitCallbacks; // the running fit's callbacks, whose state checkpoints save

    public ImageClassifier Model { get; }
    public DataLoader Train { get; }
    public DataLoader Val { get; }
    public DataLoader? Test { get; }
    public LearnerOptions Options { get; }
    public Device Device { get; }
    /// <summary>stem, layer1 … layer4, head: the units of freezing and of discriminative learning rates.</summary>
    public IReadOnlyList<LayerGroup> Groups { get; }
    /// <summary>Callbacks of every fit; <see cref="Fit"/> also takes per-fit ones.</summary>
    public List<ICallback> Callbacks { get; } = [];
    /// <summary>When set, fits report batches and epochs, and cache building reports images.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }
    public IReadOnlyList<EpochRecord> History => history;
    /// <summary>Epochs trained so far, across fits; numbers the history and seeds each epoch.</summary>
    public int EpochsDone { get; private set; }
    /// <summary>Optimizer steps taken so far, across fits.</summary>
    public long Iteration { get; private set; }
    public int StepsPerEpoch => Train.BatchCount;
    /// <summary>How the last fit's training phase got its inputs, e.g. "cached layer3 activations (156.8 MB)" or "images, full forward".</summary>
    public string TrainingPath { get; private set; } = "not trained yet";

    public Learner(ImageClassifier model, DataLoader train, DataLoader val, DataLoader? test = null, LearnerOptions? options = null)
    {
        if (!model.ClassNames.SequenceEqual(train.Dataset.Classes) || !model.ClassNames.SequenceEqual(val.Dataset.Classes))
            throw new DataException($"The model's classes [{string.Join(", ", model.ClassNames)}] differ from the data's [{string.Join(", ", train.Dataset.Classes)}].", train.Dataset.Name);
        Options = options ?? new LearnerOptions();
        Device = Options.Device ?? CPU;
        Model = model;
        Model.to(Device);
        Train = train;
        Val = val;
        Test = test;
        Groups = model.LayerGroups;
        stages = new BackboneStages(model);
        ApplyFreeze();
    }

    /// <summary>
    /// A learner on an <see cref="ImageFolder"/>: training batches shuffled through <paramref name="trainPipeline"/>
    /// (default: the model's evaluation pipeline, no augmentation), validation and test through the evaluation pipeline.
    /// </summary>
    public static Learner FromFolder(ImageClassifier model, ImageFolder data, ImagePipeline? trainPipeline = null, int batchSize = 32, LearnerOptions? options = null)
    {
        data.RequireValidation();
        options ??= new LearnerOptions();
        var eval = ImagePipeline.ForEval(model.Preprocess);
        return new Learner(model,
            new DataLoader(data.Train, trainPipeline ?? eval, batchSize, shuffle: true, seed: options.Seed),
            new DataLoader(data.Val, eval, batchSize),
            data.Test is null ? null : new DataLoader(data.Test, eval, batchSize),
            options);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs. Each step sets every parameter group's learning rate to its
    /// layer group's base rate (<paramref name="lr"/>) times <paramref name="schedule"/>'s multiplier. Cancellation is
    /// honoured between batches, so model and optimizer always hold the result of whole steps.
    /// After <see cref="LoadCheckpoint"/> of an unfinished fit, the same call continues where it stopped.
    /// </summary>
    public IReadOnlyList<EpochRecord> Fit(int epochs, LearningRates lr, LrSchedule? schedule = null, string stage = "fit",
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        schedule ??= LrSchedule.Constant;
        var baseLrs = lr.For(Groups.Count);
        DropCachesTrainedBy(FrozenCount);
        var train = SourceFor(Train, "train");
        var val = SourceFor(Val, "val");
        TrainingPath = train.Cache is { } c ? $"cached {Groups[c.Boundary].Name} activations ({c.Bytes / 1e6:F1} MB)" : "images, full forward";
        var stepsPerEpoch = train.BatchCount;
        var totalSteps = epochs * stepsPerEpoch;
        var firstEpoch = TakeResume(epochs, stepsPerEpoch);
        position = new FitPosition(epochs, firstEpoch, stepsPerEpoch);
        EnsureOptimizer(baseLrs);
        var lrControllers = optimizer!.ParamGroups.ToList();

        var all = Callbacks.Concat(callbacks ?? []).ToList();
        if (Progress is not null) all.Add(new ProgressCallback(Progress));
        var context = new FitContext(this, stage, epochs, stepsPerEpoch);
        foreach (var cb in all) cb.OnFitBegin(context);
        fitCallbacks = all;
        if (firstEpoch > 0) RestoreCallbackStates(all);
        callbackStates = [];
        var added = new List<EpochRecord>();
        try
        {
            for (var e = firstEpoch; e < epochs && !context.StopRequested; e++)
            {
                context.Epoch = e;
                manual_seed(Seeds.Mix(Options.Seed, EpochsDone)); // dropout and any torch randomness: a function of the epoch, so resuming replays it
                foreach (var cb in all) cb.OnEpochBegin(context);
                var clock = Stopwatch.StartNew();
                SetTrainMode();
                double lossSum = 0;
                long correct = 0, seen = 0;
                var b = 0;
                foreach (var batch in train.Batches(EpochsDone, cancellationToken))
                {
                    using (batch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var multiplier = schedule.Multiplier(e * stepsPerEpoch + b, totalSteps);
                        for (var j = 0; j < lrControllers.Count; j++)
                            lrControllers[j].LearningRate = baseLrs[parameterGroups[j].LayerGroupIndex] * multiplier;
                        var (loss, right) = Step(batch, train.FirstGroup);
                        lossSum += loss * batch.Count;
                        correct += right;
                        seen += batch.Count;
                        Iteration++;
                    }
                    context.Batch = b++;
                    foreach (var cb in all) cb.OnBatchEnd(context, lossSum / seen);
                    if (context.StopRequested) break;
                }
                if (context.StopRequested && b < stepsPerEpoch) break;
                var (valLoss, valAcc) = Evaluate(val, cancellationToken);
                var record = new EpochRecord(EpochsDone + 1, lossSum / seen, valLoss, (double)correct / seen, valAcc, clock.Elapsed.TotalSeconds,
                    LayerGroupRates(lrControllers), stage);
                history.Add(record);
                added.Add(record);
                EpochsDone++;
                position = new FitPosition(epochs, e + 1, stepsPerEpoch);
                foreach (var cb in all) cb.OnEpochEnd(context, record);
            }
            if (context.StopRequested) Options.Log?.Invoke(context.StopReason!);
            position = null;
            foreach (var cb in all) cb.OnFitEnd(context);
            return added;
        }
        finally
        {
            fitCallbacks = null;
            Model.eval();
        }
    }

    /// <summary>fastai's fit_one_cycle: <see cref="Fit"/> with <see cref="LrSchedule.OneCycle"/> (fastai's pct_start 0.25, div 25, final lr max/1e5).</summary>
    public IReadOnlyList<EpochRecord> FitOneCycle(int epochs, LearningRates lr, double pctStart = 0.25, double div = 25, double finalDiv = 1e5,
        string stage = "one-cycle", IEnumerable<ICallback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Fit(epochs, lr, LrSchedule.OneCycle(pctStart, div, finalDiv / div), stage, callbacks, cancellationToken);

    /// <summary>Mean loss and accuracy on <paramref name="loader"/> (default: validation), in eval mode, from cached activations when valid.</summary>
    public LossAccuracy Validate(DataLoader? loader = null, CancellationToken cancellationToken = default)
    {
        var (loss, accuracy) = Evaluate(SourceFor(loader ?? Val, (loader ?? Val).Dataset.Name), cancellationToken);
        return new LossAccuracy(loss, accuracy);
    }

    /// <summary>The history as a table: epoch, stage, losses, accuracies, head learning rate, seconds.</summary>
    public DataFrame HistoryFrame() => HistoryTable.ToDataFrame(history);

    (double Loss, long Correct) Step(Batch batch, int firstGroup)
    {
        using var scope = NewDisposeScope();
        var y = batch.Labels.to(Device);
        optimizer!.zero_grad();
        var logits = Forward(batch.Images.to(Device), firstGroup);
        var loss = Model.Head.Loss(logits, y);
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), Correct(logits, y));
    }

    (double Loss, double Accuracy) Evaluate(BatchSource source, CancellationToken cancellationToken)
    {
        Model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        long correct = 0, seen = 0;
        foreach (var batch in source.Batches(0, cancellationToken))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                var y = batch.Labels.to(Device);
                var logits = Forward(batch.Images.to(Device), source.FirstGroup);
                lossSum += Model.Head.Loss(logits, y).item<float>() * batch.Count;
                correct += Correct(logits, y);
                seen += batch.Count;
            }
        }
        return seen == 0 ? (double.NaN, double.NaN) : (lossSum / seen, (double)correct / seen);
    }

    /// <summary>One rate per trainable layer group (its decay and no-decay parameter groups share it).</summary>
    double[] LayerGroupRates(IReadOnlyList<optim.ILearningRateController> controllers) =>
        [.. parameterGroups.Select((g, j) => (g.LayerGroupIndex, Rate: controllers[j].LearningRate)).DistinctBy(t => t.LayerGroupIndex).Select(t => t.Rate)];

    Tensor Forward(Tensor x, int firstGroup) => firstGroup == 0 ? Model.forward(x) : stages.Run(x, firstGroup, Groups.Count - 1);

    long Correct(Tensor logits, Tensor labels) => Model.Head.Probabilities(logits).argmax(1).eq(labels).sum().item<long>();

    /// <summary>Builds the optimizer over the trainable parameters when there is none (after creation or a freeze change).</summary>
    void EnsureOptimizer(double[] baseLrs)
    {
        if (optimizer is not null) return;
        var list = new List<ParameterGroup>();
        for (var i = 0; i < Groups.Count; i++)
        {
            var trainable = Groups[i].Parameters().Where(p => p.requires_grad).ToList();
            foreach (var decay in new[] { true, false })
            {
                var ps = trainable.Where(p => (p.dim() > 1) == decay).ToList();
                if (ps.Count > 0) list.Add(new ParameterGroup(Groups[i].Name, i, ps, decay, baseLrs[i]));
            }
        }
        parameterGroups = list;
        optimizer = Options.Optimizer.Create(list);
    }

    void ResetOptimizer()
    {
        optimizer?.Dispose();
        optimizer = null;
        parameterGroups = [];
    }

    /// <summary>The optimizer's parameter groups (built on first use), e.g. to inspect which rates and decay each gets.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => parameterGroups;

    public void Dispose()
    {
        ResetOptimizer();
        ClearCaches();
    }
}
