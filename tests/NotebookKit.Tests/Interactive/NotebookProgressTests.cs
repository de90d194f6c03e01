using NotebookKit.Notebooks;
using NotebookKit.Training;

namespace NotebookKit.Tests.Interactive;

public class NotebookProgressTests
{
    static EpochRecord Epoch(int n, double acc) => new(n, 1.0 / n, 1.2 / n, acc, acc, 0.1);

    [Fact]
    public void Live_output_is_throttled_then_completed_with_a_separate_summary()
    {
        var display = new FakeDisplay();
        var now = TimeSpan.Zero;
        var progress = new NotebookProgress(display, TextWriter.Null, TimeSpan.FromSeconds(1), () => now);

        progress.Report(new TrainingProgress("features train", 1, 10));        // first: shown at once
        now = TimeSpan.FromMilliseconds(300);
        progress.Report(new TrainingProgress("features train", 2, 10));        // throttled
        now = TimeSpan.FromMilliseconds(1400);
        progress.Report(new TrainingProgress("epoch 1/2", 1, 2, Epoch(1, 0.7))); // redrawn
        now = TimeSpan.FromMilliseconds(1500);
        progress.Report(new TrainingProgress("epoch 2/2", 2, 2, Epoch(2, 0.9))); // throttled, but recorded
        progress.Complete();
        progress.Complete();

        Assert.Equal(2, display.Outputs.Count);
        var live = display.Outputs[0];
        Assert.Equal(3, live.Count);
        Assert.Contains("<progress value=\"1\" max=\"10\"", live[0]);
        Assert.Contains("epoch 1: train loss 1.000", live[1]);
        Assert.Contains("<svg", live[1]);
        Assert.Contains("✓ done: 2 epochs in 1.5 s; best val accuracy 90.0% at epoch 2", live[2]);
        var summary = Assert.Single(display.Outputs[1]);
        Assert.Contains("<svg", summary);
        Assert.Contains(">90.0%</td>", summary);
        Assert.Equal(2, progress.History.Count);

        progress.Report(new TrainingProgress("late", 1, 1));
        Assert.Equal(3, display.Outputs[0].Count);
    }

    [Fact]
    public void Without_a_notebook_it_writes_epoch_lines_and_a_final_line()
    {
        var console = new StringWriter();
        var now = TimeSpan.Zero;
        using (var progress = new NotebookProgress(null, console, TimeSpan.FromSeconds(1), () => now))
        {
            progress.Report(new TrainingProgress("features train", 1, 10));
            progress.Report(new TrainingProgress("features train", 2, 10));
            now = TimeSpan.FromSeconds(2);
            progress.Report(new TrainingProgress("epoch 1/1", 1, 1, Epoch(1, 0.8)));
        }
        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["features train 1/10", "epoch 1: train loss 1.000, val loss 1.200, val acc 80.0%",
                      "done: 1 epoch in 2.0 s; best val accuracy 80.0% at epoch 1; last: epoch 1: train loss 1.000, val loss 1.200, val acc 80.0%"], lines);
    }
}
