using System.Globalization;

namespace NotebookKit.Training;

/// <summary>
/// Schedules by name, with periods in epochs (converted to steps), for the CLI and quick notebook cells:
/// <c>constant</c>, <c>one-cycle</c>, <c>cosine</c>, <c>step:EPOCHS[:GAMMA]</c>, <c>exponential:GAMMA_PER_EPOCH</c>,
/// <c>cosine-restarts:EPOCHS[:MULT]</c>.
/// </summary>
public static class LrScheduleParser
{
    public static LrSchedule Parse(string text, int stepsPerEpoch, double warmupEpochs = 0)
    {
        if (!double.IsFinite(warmupEpochs) || warmupEpochs < 0) throw new ArgumentException($"Warm-up {warmupEpochs} must be 0 or more epochs.");
        var parts = text.Trim().ToLowerInvariant().Split(':');
        // Every argument is a period or a factor: zero, negative, NaN or infinite ones make no schedule.
        double Arg(int i, double fallback) => parts.Length <= i ? fallback
            : double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v
            : throw new ArgumentException($"Schedule '{text}': '{parts[i]}' must be a positive number.");
        int Steps(double epochs) => Math.Max(1, (int)Math.Round(epochs * stepsPerEpoch));
        var schedule = parts[0] switch
        {
            "constant" => LrSchedule.Constant,
            "one-cycle" or "onecycle" => LrSchedule.OneCycle(),
            "cosine" => LrSchedule.Cosine(),
            "step" when parts.Length > 1 => LrSchedule.Step(Steps(Arg(1, 1)), Arg(2, 0.1)),
            "exponential" when parts.Length > 1 => LrSchedule.Exponential(Math.Pow(Arg(1, 1), 1.0 / stepsPerEpoch)),
            "cosine-restarts" when parts.Length > 1 => LrSchedule.CosineWithRestarts(Steps(Arg(1, 1)), (int)Arg(2, 1)),
            _ => throw new ArgumentException($"Unknown schedule '{text}': use constant, one-cycle, cosine, step:EPOCHS[:GAMMA], exponential:GAMMA or cosine-restarts:EPOCHS[:MULT]."),
        };
        return warmupEpochs > 0 ? schedule.WithWarmup(Steps(warmupEpochs)) : schedule;
    }
}
