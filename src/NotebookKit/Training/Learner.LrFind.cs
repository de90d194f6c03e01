using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>
    /// The LR range test (Smith 2015, fastai's lr_find): trains with a learning rate rising exponentially from
    /// <see cref="LrFinderOptions.StartLr"/> to <see cref="LrFinderOptions.EndLr"/>, the same rate for every trainable
    /// group, records the smoothed loss, stops when it diverges, then restores the weights, BatchNorm statistics and
    /// optimizer state it started from. Uses the current freezing (and its activation cache).
    /// </summary>
    public LrFinderResult FindLr(LrFinderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var o = options ?? new LrFinderOptions();
        var train = SourceFor(Train, "lr-find");
        using var weights = ModelSnapshot.Take(Model);
        var hadOptimizer = optimizer is not null;
        using var optimizerState = new MemoryStream();
        if (hadOptimizer)
        {
            using var w = new BinaryWriter(optimizerState, System.Text.Encoding.UTF8, leaveOpen: true);
            optimizer!.save_state_dict(w);
        }
        var (iteration, lrs, losses, smoothed) = (Iteration, new List<double>(), new List<double>(), new List<double>());
        var diverged = false;
        try
        {
            EnsureOptimizer(LearningRates.Uniform(o.StartLr).For(Groups.Count));
            var controllers = optimizer!.ParamGroups.ToList();
            manual_seed(Seeds.Mix(Options.Seed, -1));
            SetTrainMode();
            double average = 0, best = double.PositiveInfinity;
            for (var epoch = 0; lrs.Count < o.Steps && !diverged; epoch++)
            {
                foreach (var batch in train.Batches(Seeds.Mix(Options.Seed, -1, epoch), cancellationToken))
                {
                    using (batch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var lr = o.StartLr * Math.Pow(o.EndLr / o.StartLr, (double)lrs.Count / Math.Max(1, o.Steps - 1));
                        foreach (var c in controllers) c.LearningRate = lr;
                        var (loss, _) = Step(batch, train.FirstGroup);
                        average = o.Smoothing * average + (1 - o.Smoothing) * loss;
                        var smooth = average / (1 - Math.Pow(o.Smoothing, lrs.Count + 1));
                        lrs.Add(lr);
                        losses.Add(loss);
                        smoothed.Add(smooth);
                        best = Math.Min(best, smooth);
                        if (!double.IsFinite(smooth) || smooth > o.DivergenceFactor * best) { diverged = true; break; }
                        if (lrs.Count >= o.Steps) break;
                    }
                }
            }
        }
        finally
        {
            weights.RestoreInto(Model);
            if (hadOptimizer)
            {
                optimizerState.Position = 0;
                using var r = new BinaryReader(optimizerState, System.Text.Encoding.UTF8, leaveOpen: true);
                optimizer!.load_state_dict(r);
            }
            else ResetOptimizer();
            Iteration = iteration;
            Model.eval();
        }
        return Suggest([.. lrs], [.. losses], [.. smoothed], diverged);
    }

    /// <summary>fastai trims the first tenth and the last five points (warm-up noise, divergence) before suggesting.</summary>
    static LrFinderResult Suggest(double[] lrs, double[] losses, double[] smoothed, bool diverged)
    {
        var (skipStart, skipEnd) = lrs.Length > 20 ? (lrs.Length / 10, 5) : (0, 0);
        var lr = lrs[skipStart..^skipEnd];
        var sm = smoothed[skipStart..^skipEnd];
        if (lr.Length < 2) return new LrFinderResult(lrs, losses, smoothed, double.NaN, double.NaN, double.NaN, diverged);
        var minimum = lr[Array.IndexOf(sm, sm.Min())] / 10;
        return new LrFinderResult(lrs, losses, smoothed, lr[LrSuggestions.Steepest(lr, sm)], lr[LrSuggestions.Valley(sm)], minimum, diverged);
    }
}
