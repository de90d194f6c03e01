using System.Diagnostics;

namespace NotebookKit.Benchmarks;

/// <summary>One bench phase in a process of its own (its memory and start-up are its own), which writes its result to a file.</summary>
public static class ChildPhase
{
    /// <summary>Runs <paramref name="start"/> to the end, passing its stderr progress on; throws with its output when it fails or writes nothing to <paramref name="outPath"/>.</summary>
    public static void Run(string name, ProcessStartInfo start, string outPath, IProgress<string>? log)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var errors = new System.Text.StringBuilder();
        // Phases report progress on stderr; pass it on so a long run shows where it is.
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { errors.AppendLine(line); log?.Report($"  {name}: {line}"); } };
        process.Start();
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(outPath))
            throw new InvalidOperationException($"The {name} phase failed (exit {process.ExitCode}):\n{stdout.Result}\n{errors}");
        log?.Report($"  {name} phase {clock.Elapsed.TotalSeconds:F0} s");
    }
}
