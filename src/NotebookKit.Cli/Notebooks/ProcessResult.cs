using System.Diagnostics;

namespace NotebookKit.Cli.Notebooks;

/// <summary>Runs a child process to completion with captured output and a time limit.</summary>
sealed record ProcessResult(int ExitCode, string Output, bool TimedOut)
{
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default, Action<int>? started = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{file}'.");
        started?.Invoke(process.Id);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try { process.WaitForExitAsync(timer.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessResult(-1, output.ToString(), TimedOut: true);
        }
        process.WaitForExit(); // flush the asynchronous readers
        return new ProcessResult(process.ExitCode, output.ToString(), false);
    }
}
