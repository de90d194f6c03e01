using NotebookKit.Training;

namespace NotebookKit.Cli;

/// <summary>
/// A resumed run must be the interrupted run continued, so flags that contradict what the checkpoint recorded are an
/// error rather than silently overridden (either way model.json would describe a run that did not happen).
/// </summary>
static class ResumeConflicts
{
    public static void Check(CheckpointInfo info, string path, Learner learner, int frozenByFlags, int seed, int epochs)
    {
        var file = Path.GetFullPath(path);
        void Conflict(string what, string saved, string asked) =>
            throw new ArgumentException($"--resume '{file}' was saved with {what} {saved}, but this run asks for {asked}. Resume with the interrupted run's flags, or start a new run without --resume.");
        if (info.FrozenCount != frozenByFlags)
            Conflict("--freeze", Frozen(info.FrozenCount, learner), Frozen(frozenByFlags, learner));
        if (info.Seed != seed) Conflict("--seed", info.Seed.ToString(), seed.ToString());
        if (info.Fit is not { } fit)
            throw new ArgumentException($"--resume '{file}' holds no unfinished fit (its run completed {info.EpochsDone} epochs). Start a new run instead.");
        if (fit.EpochsDone >= fit.Epochs)
            throw new ArgumentException($"--resume '{file}': its fit already finished all {fit.Epochs} epochs; there is nothing to resume. Start a new run instead.");
        if (fit.Epochs != epochs) Conflict("--epochs", fit.Epochs.ToString(), epochs.ToString());
        if (fit.StepsPerEpoch != learner.StepsPerEpoch)
            Conflict("batches per epoch", fit.StepsPerEpoch.ToString(), $"{learner.StepsPerEpoch} (a different --batch-size or different data)");
    }

    static string Frozen(int count, Learner learner) => count == 0 ? "nothing frozen" : $"{count} frozen groups (up to {learner.Groups[count - 1].Name})";
}
