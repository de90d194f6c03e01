using System.Diagnostics;
using NotebookKit.Training;

namespace NotebookKit.Notebooks;

/// <summary>
/// Training progress for notebooks: one output updated in place (a bar, the latest epoch, loss/accuracy curves),
/// redrawn at most once per <c>minInterval</c>; <see cref="Complete"/> turns it into a one-line result and adds a
/// summary output (curves and a per-epoch table). Front ends that keep only the first version of an updated output
/// (headless runners such as dotnet-repl) therefore still record the final summary. Without the notebook kernel
/// extension it writes throttled progress lines and one line per epoch to the console.
/// </summary>
/// <example><code>
/// var progress = NotebookProgress.Create();
/// learn.Progress = progress;
/// learn.Fit(10, 1e-3);
/// progress.Complete();
/// </code></example>
public sealed class NotebookProgress : IProgress<TrainingProgress>, IDisposable
{
    readonly IHtmlDisplay? display;
    readonly TextWriter console;
    readonly TimeSpan minInterval;
    readonly Func<TimeSpan> clock;
    readonly List<EpochRecord> history = [];
    readonly Lock gate = new();
    IHtmlDisplayHandle? live;
    TimeSpan? lastDraw;
    TrainingProgress? latest;
    bool completed;

    internal NotebookProgress(IHtmlDisplay? display, TextWriter console, TimeSpan minInterval, Func<TimeSpan> clock)
        => (this.display, this.console, this.minInterval, this.clock) = (display, console, minInterval, clock);

    /// <summary>A progress display for the current notebook cell (or the console outside a notebook).</summary>
    /// <param name="minInterval">Least time between redraws; default 1 s.</param>
    public static NotebookProgress Create(TimeSpan? minInterval = null)
    {
        var watch = Stopwatch.StartNew();
        return new(NotebookDisplay.Current, Console.Out, minInterval ?? TimeSpan.FromSeconds(1), () => watch.Elapsed);
    }

    /// <summary>Epochs reported so far.</summary>
    public IReadOnlyList<EpochRecord> History { get { lock (gate) return [.. history]; } }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (completed) return;
            latest = value;
            if (value.Epoch is { } epoch)
            {
                history.Add(epoch);
                if (display is null) console.WriteLine(ProgressHtml.EpochLine(epoch));
            }
            var now = clock();
            if (lastDraw is { } last && now - last < minInterval) return;
            lastDraw = now;
            if (display is null)
            {
                if (value.Epoch is null) console.WriteLine($"{value.Stage} {value.Done}/{value.Total}");
                return;
            }
            var html = ProgressHtml.Live(value.Stage, value.Done, value.Total, now, history);
            if (live is null) live = display.Display(html);
            else live.Update(html);
        }
    }

    /// <summary>Ends the display: the live output becomes a one-line result and a summary output is added. Idempotent.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (completed) return;
            completed = true;
            var elapsed = clock();
            if (display is null)
            {
                console.WriteLine(ProgressHtml.DoneLine(history, elapsed));
                return;
            }
            var done = ProgressHtml.Done(history, elapsed);
            if (live is null) live = display.Display(done);
            else live.Update(done);
            display.Display(ProgressHtml.Summary(history, elapsed));
        }
    }

    public void Dispose() => Complete();

    public override string ToString()
    {
        lock (gate) return latest is null ? "no progress yet" : $"{latest.Stage} {latest.Done}/{latest.Total}, {history.Count} epochs";
    }
}
