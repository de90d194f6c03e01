using System.Diagnostics;
using NotebookKit.Training;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Times a <see cref="Learner.Fit"/> from inside, as a callback: each training step alone (batch loaded → optimizer step
/// done, so the loader is not counted), each epoch's wall time, and how long the fit took to begin (building its caches).
/// </summary>
sealed class StepClock : ICallback
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    double stepStart, epochStart;

    /// <summary>Seconds from this clock's creation to the fit's first callback: the caches the fit built before its first step.</summary>
    public double SecondsToFitBegin { get; private set; }
    /// <summary>Per epoch, each step's seconds and its batch size.</summary>
    public List<List<(double Seconds, int Images)>> Steps { get; } = [];
    /// <summary>Per epoch, seconds from its start to its last step's end (loader included, validation not).</summary>
    public List<double> EpochSeconds { get; } = [];
    int batchSize;

    public void OnFitBegin(FitContext context)
    {
        SecondsToFitBegin = clock.Elapsed.TotalSeconds;
        batchSize = context.Learner.Train.BatchSize;
    }

    public void OnEpochBegin(FitContext context)
    {
        Steps.Add([]);
        epochStart = clock.Elapsed.TotalSeconds;
    }

    public void OnBatchBegin(FitContext context) => stepStart = clock.Elapsed.TotalSeconds;

    public void OnBatchEnd(FitContext context, double loss)
    {
        var now = clock.Elapsed.TotalSeconds;
        Steps[^1].Add((now - stepStart, batchSize));
        if (EpochSeconds.Count < Steps.Count) EpochSeconds.Add(0);
        EpochSeconds[^1] = now - epochStart;
    }

    /// <summary>Images per second over every step but the first <paramref name="warmup"/> of the fit.</summary>
    public double ImagesPerSecond(int warmup = 1)
    {
        var timed = Steps.SelectMany(e => e).Skip(warmup).ToList();
        if (timed.Count == 0) throw new InvalidOperationException($"The fit took {Steps.Sum(e => e.Count)} steps, no more than the {warmup} warm-up steps.");
        return timed.Sum(s => s.Images) / timed.Sum(s => s.Seconds);
    }
}
