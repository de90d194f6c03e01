using NotebookKit.Cli;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Cli;

public class ProcessTreeMemoryTests
{
    [Fact]
    public void ThePeakCountsEveryProcessOfTheTreeAtOnce()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc is Linux's; elsewhere nothing is measured
        // A shell with two children that each hold 150 MB written (so resident) for five seconds, side by side.
        const string hold = "python3 -c \"import time; b = b'x' * 150_000_000; time.sleep(5)\"";
        using var memory = new ProcessTreeMemory(intervalMs: 50);
        var result = ProcessResult.Run("sh", ["-c", $"{hold} & {hold} & wait"], Path.GetTempPath(), TimeSpan.FromMinutes(2), started: memory.Watch);

        Assert.Equal(0, result.ExitCode);
        // More than either child alone: the grandchildren of the started process were counted together.
        Assert.InRange(memory.PeakBytes ?? 0, 300_000_000, 1_000_000_000);
    }

    [Fact]
    public void NothingIsMeasuredWithoutProc()
    {
        using var memory = new ProcessTreeMemory(procRoot: Path.Combine(Path.GetTempPath(), $"no-proc-{Guid.NewGuid():N}"));
        memory.Watch(Environment.ProcessId);
        Assert.Null(memory.PeakBytes);
    }
}
