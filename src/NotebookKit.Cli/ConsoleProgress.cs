using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli;

/// <summary>Renders the engine's progress reports as Spectre.Console bars, one per stage, and prints each finished epoch.</summary>
sealed class ConsoleProgress(ProgressContext context) : IProgress<TrainingProgress>
{
    readonly Dictionary<string, ProgressTask> tasks = [];

    public void Report(TrainingProgress value)
    {
        if (value.FitEnded) return; // the bars already show the end
        var key = value.Epoch is null ? value.Stage : "epochs";
        if (!tasks.TryGetValue(key, out var task))
        {
            // A stage names folders and files: text, never markup ("photos [2024]" is not a style).
            task = context.AddTask(value.Epoch is null ? Markup.Escape(Terminal.Safe(value.Stage)) : "training", maxValue: value.Total);
            tasks[key] = task;
        }
        task.Value = value.Done;
        if (value.Epoch is { } e)
            AnsiConsole.MarkupLine($"  epoch {e.Epoch,2}  train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}  val loss {e.ValLoss:F4} acc {e.ValAccuracy:P1}  ({e.Seconds:F1}s)");
    }

    /// <summary>Runs <paramref name="work"/> with live progress bars.</summary>
    public static T Run<T>(Func<IProgress<TrainingProgress>, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => work(new ConsoleProgress(ctx)));
}
