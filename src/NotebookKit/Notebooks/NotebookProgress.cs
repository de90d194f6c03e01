using System.Diagnostics;
using NotebookKit.Training;

namespace NotebookKit.Notebooks;

/// <summary>
/// Training progress for notebooks: one output per fit, updated in place (a bar, the latest epoch, loss/accuracy
/// curves) at most once per <c>minInterval</c>, whose final state — rendered when the fit ends, is stopped early,
/// cancelled or fails — is a one-line result with the curves and a per-epoch table. A saved notebook therefore
/// holds one summary per fit and no mid-run frame. Where the front end saves every update as its own output
/// (<see cref="IHtmlDisplay.UpdatesInPlace"/> false: dotnet-repl) only the final state is shown. Caching and
/// prediction outside a fit show a transient bar that is cleared when the stage completes. Without the notebook
/// kernel extension it writes throttled progress lines and one line per epoch to the console.
/// </summary>
/// <example><code>
/// learn.Progress = NotebookProgress.Create();
/// learn.Fit(10, 1e-3); // one summary output when the fit ends
/// </code></example>
public sealed class NotebookProgress : IProgress<TrainingProgress>, IDisposable
{
    readonly IHtmlDisplay? display;
    readonly TextWriter console;
    readonly TimeSpan minInterval;
    readonly Func<TimeSpan> clock;
    readonly List<EpochRecord> history = [];
    readonly List<EpochRecord> fit = [];
    readonly Lock gate = new();
    IHtmlDisplayHandle? live;
    TimeSpan? lastDraw;
    TimeSpan started;
    bool fresh = true;
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

    /// <summary>Epochs reported so far, over every fit.</summary>
    public IReadOnlyList<EpochRecord> History { get { lock (gate) return [.. history]; } }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (completed) return;
            if (fresh) (started, fresh) = (clock(), false);
            latest = value;
            if (value.Epoch is { } epoch)
            {
                history.Add(epoch);
                fit.Add(epoch);
                if (display is null) console.WriteLine(ProgressHtml.EpochLine(epoch));
            }
            if (value.FitEnded)
            {
                EndFit(value.Failure);
                return;
            }
            if (!value.InFit && value.Done >= value.Total && fit.Count == 0)
            {
                // Caching or prediction outside a fit leaves no trace (inside a fit the fit's summary replaces its bar).
                live?.Update("");
                (live, lastDraw, fresh) = (null, null, true);
                return;
            }
            var now = clock();
            if (lastDraw is { } last && now - last < minInterval) return;
            lastDraw = now;
            if (display is null)
            {
                if (value.Epoch is null) console.WriteLine($"{value.Stage} {value.Done}/{value.Total}");
                return;
            }
            if (!display.UpdatesInPlace) return;
            var html = ProgressHtml.Live(value.Stage, value.Done, value.Total, now - started, fit);
            if (live is null) live = display.Display(html);
            else live.Update(html);
        }
    }

    /// <summary>Ends the display: a fit still running is rendered in its final state and later reports are ignored. Idempotent.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (completed) return;
            if (fit.Count > 0 || latest is { InFit: true, FitEnded: false }) EndFit(null);
            else live?.Update("");
            completed = true;
        }
    }

    public void Dispose() => Complete();

    void EndFit(string? failure)
    {
        var elapsed = clock() - started;
        if (display is null) console.WriteLine(ProgressHtml.DoneLine(fit, elapsed, failure));
        else
        {
            var summary = ProgressHtml.Summary(fit, elapsed, failure);
            if (live is null) display.Display(summary);
            else live.Update(summary);
        }
        (live, lastDraw, fresh) = (null, null, true);
        fit.Clear();
    }

    public override string ToString()
    {
        lock (gate) return latest is null ? "no progress yet" : $"{latest.Stage} {latest.Done}/{latest.Total}, {history.Count} epochs";
    }
}
