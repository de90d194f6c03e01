using System.Diagnostics;

namespace NotebookKit.Benchmarks;

/// <summary>Times repeated work after untimed warm-up runs (first calls pay for JIT, allocator growth, oneDNN kernel selection).</summary>
static class StepTimer
{
    /// <summary>Seconds for <paramref name="steps"/> timed calls of <paramref name="step"/>(i), after <paramref name="warmup"/> untimed ones.</summary>
    public static double Time(int steps, Action<int> step, int warmup = 1)
    {
        for (var i = 0; i < warmup; i++) step(i);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step(warmup + i);
        return clock.Elapsed.TotalSeconds;
    }
}
