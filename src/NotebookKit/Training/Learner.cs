using System.Diagnostics;
using Microsoft.Data.Analysis;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training.Callbacks;
using TorchSharp;
using OptimizerHelper = TorchSharp.Modules.OptimizerHelper;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// fastai's Learner: a classifier, its train/validation data, the head's loss, an optimizer and a seed — the kit's one
/// training and prediction loop. <see cref="Fit"/> runs train and validation phases with callbacks, freezing by layer
/// group, discriminative learning rates and schedules; <see cref="FindLr"/> and <see cref="GetPreds"/> run the same
/// batch step (<see cref="OneBatch"/>, fastai's <c>_do_one_batch</c>). When leading groups are frozen and the views are
/// deterministic, their output is computed once per image and cached (<see cref="ActivationStore"/>), so each epoch
/// pays only for the trainable suffix; with only the head training, that is training on pooled features.
/// </summary>
public sealed partial class Learner : IDisposable
{
    readonly List<EpochRecord> history = [];
    readonly List<ActivationCache> caches = [];
    readonly ActivationStore store;
    readonly bool ownsStore;
    readonly BackboneStages stages;
    readonly DataLoader? train, val;
    OptimizerHelper? optimizer;
    IReadOnlyList<ParameterGroup> parameterGroups = [];
    FitPosition? position;   // where the running (or last interrupted) fit stands; saved in checkpoints
    FitPosition? resumeFrom; // set only by LoadCheckpoint: the next matching Fit continues from it
    Dictionary<string, byte[]> callbackStates = []; // set only by LoadCheckpoint: restored into the resumed fit's callbacks
    List<ICallback>? fitCallbacks; // the running fit's callbacks, whose state checkpoints save
    float[]? trainWeights; // the loss's class weights in training steps, from LearnerOptions.ClassWeights and the training counts
    readonly Dictionary<ExecutionPlan, ExecutionPlan> checkedPlans = []; // each plan as it proved to run on this model, see Checked
    ExecutionPlan? active; // the plan whose stand-ins are in the model now, see Use

    public ImageClassifier Model { get; }
    /// <summary>The training loader (shuffled; its views or augmentation are the training inputs).</summary>
    public DataLoader Train => train ?? throw NoData("train");
    public DataLoader Val => val ?? throw NoData("validate");
    public DataLoader? Test { get; }
    public LearnerOptions Options { get; }
    public Device Device { get; }
    /// <summary>stem, layer1 … layer4, head: the units of freezing and of discriminative learning rates.</summary>
    public IReadOnlyList<LayerGroup> Groups { get; }
    /// <summary>Callbacks of every fit; <see cref="Fit"/> also takes per-fit ones.</summary>
    public List<ICallback> Callbacks { get; } = [];
    /// <summary>When set, fits report batches and epochs, and cache building and predictions report images.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }
    public IReadOnlyList<EpochRecord> History => history;
    /// <summary>Epochs trained so far, across fits; numbers the history and seeds each epoch.</summary>
    public int EpochsDone { get; private set; }
    /// <summary>Optimizer steps taken so far, across fits.</summary>
    public long Iteration { get; private set; }
    public int StepsPerEpoch => Train.BatchCount;
    /// <summary>How trainable layers compute in training steps: <see cref="LearnerOptions.TrainPrecision"/> made concrete on this CPU.</summary>
    public ComputePrecision TrainPrecision { get; }
    /// <summary>How the last fit's training phase got its inputs, e.g. "cached layer3 activations (156.8 MB)" or "images, full forward".</summary>
    public string TrainingPath { get; private set; } = "not trained yet";
    /// <summary>How the last fit ran the model (null before the first): which groups ran forward only and in what precision, and how the trainable ones computed.</summary>
    public ExecutionPlan? FitPlan { get; private set; }

    public Learner(ImageClassifier model, DataLoader train, DataLoader val, DataLoader? test = null, LearnerOptions? options = null)
        : this(model, train ?? throw new ArgumentNullException(nameof(train)), val ?? throw new ArgumentNullException(nameof(val)), test, options, null) { }

    Learner(ImageClassifier model, DataLoader? train, DataLoader? val, DataLoader? test, LearnerOptions? options, ActivationStore? sharedStore)
    {
        foreach (var loader in new[] { train, val, test })
            if (loader is not null) CheckClasses(model, loader.Dataset);
        Options = options ?? new LearnerOptions();
        Device = Options.Device ?? CPU;
        Model = model;
        Model.to(Device);
        (this.train, this.val, Test) = (train, val, test);
        Groups = model.LayerGroups;
        stages = new BackboneStages(model);
        TrainPrecision = Options.TrainPrecision.ResolveTraining();
        if (Options.ClassWeights is { } weights && train is not null)
        {
            trainWeights = weights.For(model.ClassNames, train.Dataset.ClassCounts());
            Options.Log?.Invoke($"class weights ({weights}): " + string.Join(", ", model.ClassNames.Zip(trainWeights, (c, w) => $"{c} {w:0.###}")));
        }
        (store, ownsStore) = sharedStore is null ? (new ActivationStore(Options.CacheDirectory), true) : (sharedStore, false);
        ApplyFreeze();
    }

    /// <summary>
    /// A learner on an <see cref="ImageFolder"/>: training batches shuffled through <paramref name="trainPipeline"/>
    /// (default: the model's evaluation pipeline, no augmentation), validation and test through the evaluation pipeline.
    /// <paramref name="mirror"/> trains on every photo and its mirror image instead: flip augmentation whose inputs
    /// are deterministic, so a frozen backbone's features of both views are cached.
    /// </summary>
    public static Learner FromFolder(ImageClassifier model, ImageFolder data, ImagePipeline? trainPipeline = null, int batchSize = 32, LearnerOptions? options = null, bool mirror = false)
    {
        data.RequireValidation();
        if (mirror && trainPipeline is not null)
            throw new ArgumentException("mirror trains on the plain and mirrored evaluation views; it cannot be combined with a training pipeline (add a flip to that pipeline instead).", nameof(mirror));
        options ??= new LearnerOptions();
        var eval = ImagePipeline.ForEval(model.Preprocess);
        IReadOnlyList<ImagePipeline> trainViews = trainPipeline is not null ? [trainPipeline] : ImagePipeline.Views(model.Preprocess, mirror);
        return new Learner(model,
            new DataLoader(data.Train, trainViews, batchSize, shuffle: true, seed: options.Seed, balanced: options.BalancedSampler),
            new DataLoader(data.Val, eval, batchSize),
            data.Test is null ? null : new DataLoader(data.Test, eval, batchSize),
            options);
    }

    /// <summary>fastai's load_learner: a learner without data, for <see cref="GetPreds"/> with a trained (e.g. saved) model.</summary>
    public static Learner ForInference(ImageClassifier model, LearnerOptions? options = null) => new(model, null, null, null, options, null);

    /// <summary>A learner on other data sharing this one's model, options, freezing and activation store (folds of out-of-fold predictions).</summary>
    internal Learner WithData(DataLoader trainLoader, DataLoader valLoader)
    {
        var other = new Learner(Model, trainLoader, valLoader, null, Options, store) { Progress = Progress };
        other.FreezeTo(FrozenCount);
        return other;
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
        return RunFit(epochs, lr, schedule ?? LrSchedule.Constant, stage, callbacks, validate: true, cancellationToken);
    }

    /// <summary>fastai's fit_one_cycle: <see cref="Fit"/> with <see cref="LrSchedule.OneCycle"/> (fastai's pct_start 0.25, div 25, final lr max/1e5).</summary>
    public IReadOnlyList<EpochRecord> FitOneCycle(int epochs, LearningRates lr, double pctStart = 0.25, double div = 25, double finalDiv = 1e5,
        string stage = "one-cycle", IEnumerable<ICallback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Fit(epochs, lr, LrSchedule.OneCycle(pctStart, div, finalDiv / div), stage, callbacks, cancellationToken);

    /// <summary>
    /// The loop behind <see cref="Fit"/> and <see cref="FindLr"/>. Without <paramref name="validate"/> (the LR finder) it
    /// neither validates nor records epochs, and leaves the fit position for checkpoints alone.
    /// </summary>
    IReadOnlyList<EpochRecord> RunFit(int epochs, LearningRates lr, LrSchedule schedule, string stage, IEnumerable<ICallback>? callbacks, bool validate,
        CancellationToken cancellationToken)
    {
        var baseLrs = lr.For(Groups.Count);
        DropCachesOffBoundary();
        var plan = Checked(ExecutionPlan.ForFit(Groups.Count, FrozenCount, Options));
        var evalPlan = PredictionPlan();
        var trainSource = SourceFor(Train, "train", plan, cancellationToken: cancellationToken);
        var valSource = validate ? SourceFor(Val, "val", evalPlan, cancellationToken: cancellationToken) : null;
        TrainingPath = trainSource.Cache is { } c ? $"cached {CachedName(c.Boundary)} ({c.Bytes / 1e6:F1} MB)" : "images, full forward";
        FitPlan = plan;
        var stepsPerEpoch = trainSource.BatchCount;
        if (stepsPerEpoch == 0)
            throw new DataException($"{Train.Count} training items make no batch of {Train.BatchSize}{(Train.DropLast ? " (drop-last)" : "")}: use a smaller batch size or more images.", Train.Dataset.Name);
        var totalSteps = epochs * stepsPerEpoch;
        var firstEpoch = validate ? TakeResume(epochs, stepsPerEpoch) : 0;
        if (validate) position = new FitPosition(epochs, firstEpoch, stepsPerEpoch);
        EnsureOptimizer(baseLrs);
        var lrControllers = optimizer!.ParamGroups.ToList();

        var all = Callbacks.Concat(callbacks ?? []).ToList();
        if (Progress is not null) all.Add(new ProgressCallback(Progress));
        var context = new FitContext(this, stage, epochs, stepsPerEpoch);
        using var threads = ThreadsFor(trainSource);
        foreach (var cb in all) cb.OnFitBegin(context);
        fitCallbacks = all;
        if (firstEpoch > 0) RestoreCallbackStates(all);
        callbackStates = [];
        var added = new List<EpochRecord>();
        var dataEpoch = EpochsDone; // seeds shuffling, augmentation and dropout: a function of the epoch, so resuming replays it
        try
        {
            for (var e = firstEpoch; e < epochs && !context.StopRequested; e++, dataEpoch++)
            {
                context.Epoch = e;
                manual_seed(Seeds.Mix(Options.Seed, dataEpoch));
                foreach (var cb in all) cb.OnEpochBegin(context);
                var clock = Stopwatch.StartNew();
                SetTrainMode();
                double lossSum = 0;
                long correct = 0, seen = 0;
                var b = 0;
                using (Use(plan, trainSource.FirstGroup))
                    foreach (var batch in trainSource.Batches(dataEpoch, cancellationToken))
                    {
                        BatchResult result;
                        using (batch)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var multiplier = schedule.Multiplier(e * stepsPerEpoch + b, totalSteps);
                            for (var j = 0; j < lrControllers.Count; j++)
                                lrControllers[j].LearningRate = baseLrs[parameterGroups[j].LayerGroupIndex] * multiplier;
                            context.Batch = b;
                            foreach (var cb in all) cb.OnBatchBegin(context);
                            result = OneBatch(batch, trainSource.FirstGroup, BatchPhase.Train, cancellationToken: cancellationToken);
                            lossSum += result.Loss * batch.Count;
                            correct += result.Correct;
                            seen += batch.Count;
                            Iteration++;
                        }
                        context.Batch = b++;
                        foreach (var cb in all) cb.OnBatchEnd(context, result.Loss);
                        if (context.StopRequested) break;
                    }
                if (!validate || (context.StopRequested && b < stepsPerEpoch)) continue;
                var (valLoss, valAcc) = Evaluate(valSource!, evalPlan, cancellationToken);
                var record = new EpochRecord(EpochsDone + 1, lossSum / seen, valLoss, (double)correct / seen, valAcc, clock.Elapsed.TotalSeconds,
                    LayerGroupRates(lrControllers), stage);
                history.Add(record);
                added.Add(record);
                EpochsDone++;
                position = new FitPosition(epochs, e + 1, stepsPerEpoch);
                foreach (var cb in all) cb.OnEpochEnd(context, record);
                NativeHeap.Trim(); // what this epoch's validation kept for reuse goes back before the next epoch's training steps
            }
            if (context.StopRequested && validate) Options.Log?.Invoke(context.StopReason!);
            if (validate) position = null;
            foreach (var cb in all) cb.OnFitEnd(context);
            return added;
        }
        catch (Exception e)
        {
            foreach (var cb in all) cb.OnFitFailed(context, e);
            throw;
        }
        finally
        {
            fitCallbacks = null;
            Model.eval();
            NativeHeap.Trim(); // a fit on cached activations never ends a loader epoch (which trims): give its freed steps back here
        }
    }

    /// <summary>Mean loss and accuracy on <paramref name="loader"/> (default: validation), as predictions compute them, from cached activations when valid.</summary>
    public LossAccuracy Validate(DataLoader? loader = null, CancellationToken cancellationToken = default)
    {
        var plan = PredictionPlan();
        var source = SourceFor(loader ?? Val, (loader ?? Val).Dataset.Name, plan, cancellationToken: cancellationToken);
        using var threads = ThreadsFor(source);
        var (loss, accuracy) = Evaluate(source, plan, cancellationToken);
        return new LossAccuracy(loss, accuracy);
    }

    /// <summary>
    /// fastai's get_preds: class probabilities for every image of <paramref name="dataset"/>, in eval mode without
    /// gradients, through the same batch step as training (served from the frozen prefix's cache when there is one).
    /// With <paramref name="tta"/> each photo is also seen mirrored and the two are averaged (fastai's tta, flips only):
    /// a photo and its mirror image then get the same answer. <paramref name="preprocess"/> predicts with another spec,
    /// e.g. a larger test size chosen by <see cref="TestResolution.Choose"/>; the default is the model's own (its test size).
    /// <paramref name="precision"/> overrides <see cref="LearnerOptions.InferencePrecision"/> for this call: Float32 runs the
    /// model's own modules exactly, e.g. to compare with an exported ONNX file. Frozen or not, the same weights give the same predictions.
    /// </summary>
    public PredictionSet GetPreds(ImageDataset dataset, bool tta = false, PreprocessSpec? preprocess = null, ComputePrecision? precision = null,
        CancellationToken cancellationToken = default)
    {
        CheckClasses(Model, dataset);
        var spec = (preprocess ?? Model.Preprocess).ForTest();
        var loader = new DataLoader(dataset, ImagePipeline.Views(spec, tta), NoGradBatch(val?.BatchSize ?? 32, spec.InputSize));
        var plan = PredictionPlan(precision);
        var source = SourceFor(loader, $"predict {dataset.Name}", plan, keep: false, cancellationToken);
        var (n, classes) = (dataset.Count, Model.ClassNames.Count);
        var probabilities = Enumerable.Range(0, n).Select(_ => new float[classes]).ToArray();
        var labelled = dataset.Samples.All(s => s.Label >= 0);
        try
        {
            Model.eval();
            using var threads = ThreadsFor(source);
            using var _ = no_grad();
            using var swaps = Use(plan, source.FirstGroup);
            var done = 0;
            foreach (var batch in source.Batches(0, cancellationToken))
            {
                using (batch)
                {
                    var p = OneBatch(batch, source.FirstGroup, BatchPhase.Predict, labelled, cancellationToken).Probabilities!;
                    for (var k = 0; k < batch.Count; k++)
                        for (var j = 0; j < classes; j++) probabilities[batch.Indices[k] % n][j] += p[k * classes + j] / loader.Views.Count;
                }
                done += batch.Count;
                Progress?.Report(new TrainingProgress($"predict {dataset.Name}", done, loader.Count));
            }
        }
        finally
        {
            if (source.Cache is { } cache && !caches.Contains(cache)) cache.Dispose();
        }
        return new PredictionSet(Model.ClassNames, [.. dataset.Samples.Select(s => s.Path)], [.. dataset.Samples.Select(s => s.Label)], probabilities);
    }

    /// <summary>
    /// Class probabilities [N,C] of batches of preprocessed images through the prediction step (<see cref="GetPreds"/>'s, plan
    /// and all), for callers that hold tensors rather than files: the bench times the engine on preloaded batches with it.
    /// </summary>
    internal IEnumerable<float[]> Predict(IEnumerable<Tensor> images, ComputePrecision? precision = null)
    {
        var plan = PredictionPlan(precision);
        Model.eval();
        using var swaps = Use(plan, 0);
        foreach (var x in images)
        {
            float[] probabilities;
            using (no_grad())
            using (var batch = new Batch(x.alias(), zeros(x.shape[0], dtype: ScalarType.Int64), [.. Enumerable.Range(0, (int)x.shape[0])]))
                probabilities = OneBatch(batch, 0, BatchPhase.Predict, labelled: false).Probabilities!;
            yield return probabilities;
        }
    }

    /// <summary>
    /// The backbone's pooled features of every image of <paramref name="dataset"/> (the input of the head), from the
    /// activation store; e.g. to plot the feature space. Dispose the result.
    /// </summary>
    public ActivationCache Features(ImageDataset dataset) =>
        BuildCache(new DataLoader(dataset, ImagePipeline.ForEval(Model.Preprocess), val?.BatchSize ?? 32), Groups.Count - 2, $"features {dataset.Name}", PredictionPlan())
        ?? throw new InvalidOperationException($"The features of {dataset.Count} images exceed the cache budget of {Options.CacheBudgetBytes / 1e9:F1} GB.");

    /// <summary>The history as a table: epoch, stage, losses, accuracies, head learning rate, seconds.</summary>
    public DataFrame HistoryFrame() => HistoryTable.ToDataFrame(history);

    enum BatchPhase { Train, Valid, Predict }

    /// <param name="Loss">The batch's mean loss (NaN for unlabelled predictions).</param>
    /// <param name="Probabilities">Class probabilities, row-major [batch, classes], in the predict phase only.</param>
    readonly record struct BatchResult(double Loss, long Correct, float[]? Probabilities);

    /// <summary>
    /// One batch through the layer groups from <paramref name="firstGroup"/> on: loss, and in the train phase the
    /// backward pass and optimizer step — the only place the kit trains. Valid and predict run under the caller's no_grad.
    /// </summary>
    BatchResult OneBatch(Batch batch, int firstGroup, BatchPhase phase, bool labelled = true, CancellationToken cancellationToken = default)
    {
        // A training step's working set (saved activations, gradients) is mapped afresh; evaluation's, smaller, is reused.
        using var heap = phase == BatchPhase.Train ? default : NativeHeap.ForwardPassScope();
        using var scope = NewDisposeScope();
        var y = batch.Labels.to(Device);
        if (phase == BatchPhase.Train) optimizer!.zero_grad();
        var logits = Forward(batch.Images.to(Device), firstGroup, cancellationToken);
        var loss = double.NaN;
        if (labelled)
        {
            using var weights = phase == BatchPhase.Train && trainWeights is not null ? tensor(trainWeights, device: Device) : null;
            var l = Model.Head.Loss(logits, y, weights);
            if (phase == BatchPhase.Train)
            {
                l.backward();
                optimizer!.step();
            }
            loss = l.item<float>();
        }
        var probabilities = Model.Head.Probabilities(logits.detach());
        var correct = labelled ? probabilities.argmax(1).eq(y).sum().item<long>() : 0;
        return new BatchResult(loss, correct, phase == BatchPhase.Predict ? probabilities.cpu().data<float>().ToArray() : null);
    }

    (double Loss, double Accuracy) Evaluate(BatchSource source, ExecutionPlan plan, CancellationToken cancellationToken)
    {
        Model.eval();
        using var _ = no_grad();
        using var swaps = Use(plan, source.FirstGroup);
        double lossSum = 0;
        long correct = 0, seen = 0;
        foreach (var batch in source.Batches(0, cancellationToken))
        {
            using (batch)
            {
                var r = OneBatch(batch, source.FirstGroup, BatchPhase.Valid, cancellationToken: cancellationToken);
                lossSum += r.Loss * batch.Count;
                correct += r.Correct;
                seen += batch.Count;
            }
        }
        return seen == 0 ? (double.NaN, double.NaN) : (lossSum / seen, (double)correct / seen);
    }

    /// <summary>
    /// One torch thread when only the head runs (batches of cached features): its steps are a few small matrix products,
    /// too small to split, and with more threads every step waits at a barrier for a thread the OS may have parked —
    /// measured 11× slower on 2 busy cores. Otherwise the current count.
    /// </summary>
    TorchThreads ThreadsFor(BatchSource source) => TorchThreads.Use(source.FirstGroup == Groups.Count - 1 ? 1 : get_num_threads());

    /// <summary>One rate per trainable layer group (its decay and no-decay parameter groups share it).</summary>
    double[] LayerGroupRates(IReadOnlyList<optim.ILearningRateController> controllers) =>
        [.. parameterGroups.Select((g, j) => (g.LayerGroupIndex, Rate: controllers[j].LearningRate)).DistinctBy(t => t.LayerGroupIndex).Select(t => t.Rate)];

    /// <summary>
    /// Logits from <paramref name="x"/>, the output of group <paramref name="firstGroup"/> − 1, as the plan in use says:
    /// its forward-only prefix without gradients, then the rest on a channels-last input (the weights keep their layout,
    /// so their gradients and optimizer state do too), in fp32 or in bf16 with fp32 logits, so the loss and its first
    /// gradient are fp32.
    /// </summary>
    Tensor Forward(Tensor x, int firstGroup, CancellationToken cancellationToken = default)
    {
        var plan = active ?? throw new InvalidOperationException("No execution plan is in use.");
        if (firstGroup <= plan.PrefixEnd) (x, firstGroup) = (RunForwardOnly(x, firstGroup, plan, cancellationToken), plan.PrefixEnd + 1);
        var last = Groups.Count - 1;
        return plan.Trainable == ComputePrecision.BFloat16
            ? stages.Run(x.ChannelsLast().to(ScalarType.BFloat16), firstGroup, last, cancellationToken).to(ScalarType.Float32)
            : stages.Run(x.ChannelsLast(), firstGroup, last, cancellationToken);
    }

    /// <summary>
    /// Groups <paramref name="first"/> … the plan's prefix end, forward only: the model's own modules in fp32, or the fused
    /// stand-ins on a channels-last input in their dtype, giving an fp32, contiguous result.
    /// </summary>
    Tensor RunForwardOnly(Tensor x, int first, ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        using var scope = NewDisposeScope();
        if (plan.Fused is null)
            using (no_grad()) return stages.Run(x, first, plan.PrefixEnd, cancellationToken).MoveToOuterDisposeScope();
        Tensor y;
        using (inference_mode(true)) y = stages.Run(x.ChannelsLast().to(plan.FusedType), first, plan.PrefixEnd, cancellationToken);
        // Outside inference mode, so the result is an ordinary tensor that training may save for backward.
        return y.to(ScalarType.Float32, copy: true).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The plan of validation and predictions, in <paramref name="precision"/> (default: <see cref="LearnerOptions.InferencePrecision"/>).</summary>
    ExecutionPlan PredictionPlan(ComputePrecision? precision = null) =>
        Checked(ExecutionPlan.ForPredictions(Groups.Count, precision ?? Options.InferencePrecision));

    /// <summary>
    /// <paramref name="plan"/> once it has run one probe image on this model (in eval mode, without gradients); a model
    /// with layers the stand-ins cannot serve (another dtype meets an fp32 layer) runs its own modules in fp32 instead, and says so.
    /// </summary>
    ExecutionPlan Checked(ExecutionPlan plan)
    {
        if (checkedPlans.TryGetValue(plan, out var known)) return known;
        if (active is not null) throw new InvalidOperationException($"An execution plan ({active}) is in use: predict or validate between batches' callbacks, not inside them.");
        var flags = Model.modules().Prepend(Model).Select(m => (m, m.training)).ToList();
        var result = plan;
        try
        {
            using var swaps = Use(plan, 0);
            if (swaps.Count > 0)
            {
                Model.eval();
                using var _ = no_grad();
                using var scope = NewDisposeScope();
                Forward(zeros(1, 3, Model.Preprocess.InputSize, Model.Preprocess.InputSize, device: Device), 0);
            }
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            result = plan with { Fused = null, Trainable = ComputePrecision.Float32 };
            Options.Log?.Invoke($"{Model.BackboneModule.GetType().Name} cannot run as planned ({plan}: {e.Message.Split('\n')[0]}); it runs its own modules in fp32.");
        }
        finally
        {
            foreach (var (m, training) in flags) m.train(training);
        }
        return checkedPlans[plan] = result;
    }

    /// <summary>
    /// Puts <paramref name="plan"/>'s stand-ins into the model for the groups from <paramref name="firstGroup"/> on (those
    /// before it are served by a cache and do not run) until the result is disposed, and makes it the plan
    /// <see cref="Forward"/> follows.
    /// </summary>
    ModuleSwaps Use(ExecutionPlan plan, int firstGroup)
    {
        if (active is not null) throw new InvalidOperationException($"An execution plan ({active}) is already in use.");
        var swaps = plan.Apply(Model, Groups, firstGroup);
        active = plan;
        return swaps.OnRestore(() => active = null);
    }

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

    /// <summary>Data and model must name the same classes in the same order (a label is an index into both).</summary>
    static void CheckClasses(ImageClassifier model, ImageDataset dataset)
    {
        if (!model.ClassNames.SequenceEqual(dataset.Classes))
            throw new DataException($"The data's classes [{string.Join(", ", dataset.Classes)}] differ from the model's [{string.Join(", ", model.ClassNames)}]. " +
                "Use a folder with the same class folders the model was trained on.", dataset.Name);
    }

    static InvalidOperationException NoData(string what) =>
        new($"This learner has no data to {what} on (it was made with Learner.ForInference): create it with Learner.FromFolder or the constructor.");

    /// <summary>The optimizer's parameter groups (built on first use), e.g. to inspect which rates and decay each gets.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => parameterGroups;

    public void Dispose()
    {
        ResetOptimizer();
        ClearCaches();
        if (ownsStore) store.Dispose();
    }
}
