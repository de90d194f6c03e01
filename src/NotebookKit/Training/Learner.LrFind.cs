namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>
    /// The LR range test (Smith 2015, fastai's lr_find): a fit whose learning rate rises exponentially from
    /// <see cref="LrFinderOptions.StartLr"/> to <see cref="LrFinderOptions.EndLr"/>, the same rate for every trainable
    /// group, recording the smoothed loss and stopping when it diverges; then the weights, BatchNorm statistics,
    /// optimizer state and counters it started from are restored. Uses the current freezing (and its activation cache).
    /// </summary>
    public LrFinderResult FindLr(LrFinderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var o = options ?? new LrFinderOptions();
        using var weights = ModelSnapshot.Take(Model);
        var hadOptimizer = optimizer is not null;
        using var optimizerState = new MemoryStream();
        if (hadOptimizer)
        {
            using var w = new BinaryWriter(optimizerState, System.Text.Encoding.UTF8, leaveOpen: true);
            optimizer!.save_state_dict(w);
            ResetOptimizer(); // a fresh optimizer for the sweep, as fastai's lr_find
        }
        var (iteration, path) = (Iteration, TrainingPath);
        var sweep = new LrSweep(o);
        try
        {
            var epochs = (o.Steps + StepsPerEpoch - 1) / StepsPerEpoch;
            RunFit(epochs, LearningRates.Uniform(o.StartLr), sweep.Schedule, "lr-find", [sweep], validate: false, cancellationToken);
        }
        finally
        {
            weights.RestoreInto(Model);
            ResetOptimizer();
            if (hadOptimizer)
            {
                optimizerState.Position = 0;
                EnsureOptimizer(LearningRates.Uniform(0).For(Groups.Count));
                using var r = new BinaryReader(optimizerState, System.Text.Encoding.UTF8, leaveOpen: true);
                optimizer!.load_state_dict(r);
            }
            (Iteration, TrainingPath) = (iteration, path);
        }
        return sweep.Result();
    }

    /// <summary>The sweep as a schedule and a callback on the fit: records each step's loss, stops at divergence or after the last step.</summary>
    sealed class LrSweep(LrFinderOptions o) : ICallback
    {
        readonly List<double> lrs = [], losses = [], smoothed = [];
        double average, best = double.PositiveInfinity;
        bool diverged;

        public LrSchedule Schedule { get; } = new SweepSchedule(o.EndLr / o.StartLr, o.Steps);

        public void OnBatchEnd(FitContext context, double loss)
        {
            lrs.Add(o.StartLr * Schedule.Multiplier(lrs.Count, o.Steps));
            losses.Add(loss);
            average = o.Smoothing * average + (1 - o.Smoothing) * loss;
            var smooth = average / (1 - Math.Pow(o.Smoothing, smoothed.Count + 1));
            smoothed.Add(smooth);
            best = Math.Min(best, smooth);
            if (!double.IsFinite(smooth) || smooth > o.DivergenceFactor * best) { diverged = true; context.Stop("the loss diverged"); }
            else if (lrs.Count >= o.Steps) context.Stop("sweep done");
        }

        /// <summary>fastai trims the first tenth and the last five points (warm-up noise, divergence) before suggesting.</summary>
        public LrFinderResult Result()
        {
            double[] lr = [.. lrs], sm = [.. smoothed];
            var (skipStart, skipEnd) = lr.Length > 20 ? (lr.Length / 10, 5) : (0, 0);
            var l = lr[skipStart..^skipEnd];
            var s = sm[skipStart..^skipEnd];
            if (l.Length < 2) return new LrFinderResult(lr, [.. losses], sm, double.NaN, double.NaN, double.NaN, diverged);
            return new LrFinderResult(lr, [.. losses], sm, l[LrSuggestions.Steepest(l, s)], l[LrSuggestions.Valley(s)], l[Array.IndexOf(s, s.Min())] / 10, diverged);
        }
    }

    /// <summary>Exponential from 1 to <paramref name="Ratio"/> over <paramref name="Steps"/> steps, whatever the fit's length.</summary>
    sealed record SweepSchedule(double Ratio, int Steps) : LrSchedule
    {
        public override double Multiplier(int step, int totalSteps) => Math.Pow(Ratio, (double)step / Math.Max(1, Steps - 1));
    }
}
