using NotebookKit.Notebooks;
using NotebookKit.Training;

namespace NotebookKit.Tests.Interactive;

public class NotebookProgressTests
{
    static EpochRecord Epoch(int n, double acc) => new(n, 1.0 / n, 1.2 / n, acc, acc, 0.1);

    static TrainingProgress Batch(string stage, int done, int total) => new(stage, done, total) { InFit = true };
    static TrainingProgress EpochEnd(int n, int of, double acc) => new($"fit epoch {n}/{of}", n, of, Epoch(n, acc)) { InFit = true };
    static TrainingProgress FitEnd(int n, int of, string? failure = null) => new($"fit epoch {n}/{of}", n, of) { InFit = true, FitEnded = true, Failure = failure };

    [Fact]
    public void One_output_per_fit_updated_in_place_and_left_in_its_final_state()
    {
        var display = new FakeDisplay();
        var now = TimeSpan.Zero;
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.FromSeconds(1), () => now);

        progress.Report(Batch("fit epoch 1/2", 1, 10));       // first: shown at once
        now = TimeSpan.FromMilliseconds(300);
        progress.Report(Batch("fit epoch 1/2", 2, 10));       // throttled
        now = TimeSpan.FromMilliseconds(1400);
        progress.Report(EpochEnd(1, 2, 0.7));                  // redrawn
        now = TimeSpan.FromMilliseconds(1500);
        progress.Report(EpochEnd(2, 2, 0.9));                  // throttled, but recorded
        progress.Report(FitEnd(2, 2));                         // final state, whatever the throttle

        var output = Assert.Single(display.Outputs);
        Assert.Equal(3, output.Count);
        Assert.Contains("<progress value=\"1\" max=\"10\"", output[0]);
        Assert.Contains("epoch 1: train loss 1.000", output[1]);
        Assert.Contains("<svg", output[1]);
        Assert.Contains("class=\"nbk-summary\"", output[2]);
        Assert.DoesNotContain("nbk-progress", output[2]);
        Assert.Contains("✓ done: 2 epochs in 1.5 s; best val accuracy 90.0% at epoch 2", output[2]);
        Assert.Contains(">90.0%</td>", output[2]);

        // The next fit gets its own output, with only its own epochs.
        now = TimeSpan.FromSeconds(10);
        progress.Report(EpochEnd(1, 1, 0.5));
        now = TimeSpan.FromSeconds(12);
        progress.Report(FitEnd(1, 1));
        Assert.Equal(2, display.Outputs.Count);
        Assert.Contains("done: 1 epoch in 2.0 s; best val accuracy 50.0% at epoch 1", display.Outputs[1][^1]);
        Assert.Equal(3, progress.History.Count);

        progress.Complete();
        progress.Report(Batch("late", 1, 1));
        Assert.Equal(2, display.Outputs.Count);
        Assert.Equal(2, display.Outputs[1].Count);
    }

    [Fact]
    public void A_fit_stopped_early_ends_in_its_final_state_not_at_its_first_epoch()
    {
        var display = new FakeDisplay();
        var now = TimeSpan.Zero;
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.FromSeconds(1), () => now);
        progress.Report(EpochEnd(1, 30, 0.6));
        now = TimeSpan.FromMilliseconds(500);
        progress.Report(EpochEnd(2, 30, 0.7));   // throttled: the live frame still says epoch 1
        progress.Report(FitEnd(2, 30));
        var last = Assert.Single(display.Outputs)[^1];
        Assert.Contains("done: 2 epochs", last);
        Assert.DoesNotContain("epoch 1/30", last);
    }

    [Fact]
    public void A_failed_fit_says_so_in_its_final_state()
    {
        var display = new FakeDisplay();
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.Zero, () => TimeSpan.Zero);
        progress.Report(EpochEnd(1, 3, 0.6));
        progress.Report(Batch("fit epoch 2/3", 1, 10));
        progress.Report(FitEnd(1, 3, "cancelled"));
        var last = Assert.Single(display.Outputs)[^1];
        Assert.Contains("✗ stopped (cancelled): 1 epoch", last);
        Assert.Contains("nbk-summary", last);
    }

    [Fact]
    public void A_front_end_that_saves_every_update_gets_only_the_final_state()
    {
        var display = new FakeDisplay(updatesInPlace: false);
        var now = TimeSpan.Zero;
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.Zero, () => now);
        progress.Report(new TrainingProgress("train: caching layer4", 5, 10));
        progress.Report(new TrainingProgress("train: caching layer4", 10, 10));
        for (var e = 1; e <= 3; e++)
        {
            progress.Report(Batch($"fit epoch {e}/3", 1, 2));
            now += TimeSpan.FromSeconds(1);
            progress.Report(EpochEnd(e, 3, 0.5 + e / 10.0));
        }
        progress.Report(FitEnd(3, 3));
        progress.Report(new TrainingProgress("predict test", 1, 2));
        progress.Report(new TrainingProgress("predict test", 2, 2));

        var output = Assert.Single(Assert.Single(display.Outputs));
        Assert.Contains("done: 3 epochs", output);
    }

    [Fact]
    public void A_prediction_bar_outside_a_fit_is_cleared_when_it_completes()
    {
        var display = new FakeDisplay();
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.Zero, () => TimeSpan.Zero);
        progress.Report(new TrainingProgress("predict test", 1, 3));
        progress.Report(new TrainingProgress("predict test", 3, 3));
        Assert.Equal(["", ], Assert.Single(display.Outputs).Skip(1));
        progress.Report(new TrainingProgress("predict val", 1, 3));
        progress.Complete();
        Assert.Equal("", display.Outputs[1][^1]);
    }

    [Fact]
    public void Without_a_notebook_it_writes_epoch_lines_and_a_final_line()
    {
        var console = new StringWriter();
        var now = TimeSpan.Zero;
        using (var progress = new NotebookProgress(null, console, TimeSpan.FromSeconds(1), () => now))
        {
            progress.Report(Batch("fit epoch 1/1", 1, 10));
            progress.Report(Batch("fit epoch 1/1", 2, 10));
            now = TimeSpan.FromSeconds(2);
            progress.Report(EpochEnd(1, 1, 0.8));
            progress.Report(FitEnd(1, 1));
        }
        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["fit epoch 1/1 1/10", "epoch 1: train loss 1.000, val loss 1.200, val acc 80.0%",
                      "done: 1 epoch in 2.0 s; best val accuracy 80.0% at epoch 1; last: epoch 1: train loss 1.000, val loss 1.200, val acc 80.0%"], lines);
    }
}
