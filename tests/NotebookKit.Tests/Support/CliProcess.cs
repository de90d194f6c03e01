using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NotebookKit.Tests.Support;

/// <summary>
/// The real command-line program as a child process: separate stdout and stderr, real signals. For what an in-process
/// call cannot show (which stream a line goes to, a closed stdout, Ctrl+C at a given moment).
/// </summary>
public sealed class CliProcess : IDisposable
{
    readonly Process process;
    readonly Task<string> stdout, stderr;
    readonly StringBuilder seen = new(); // both streams as they arrive, for WaitForOutput

    public CliProcess(string[] args, string? stdoutFile = null, Action<ProcessStartInfo>? configure = null)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "NotebookKit.Cli.exe" : "NotebookKit.Cli"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        if (stdoutFile is not null)
        {
            // The shell does the redirection, as a user's '> file' would.
            info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec \"$0\" \"$@\" > " + stdoutFile);
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NotebookKit.Cli"));
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        configure?.Invoke(info);
        process = Process.Start(info)!;
        stdout = Pump(process.StandardOutput);
        stderr = Pump(process.StandardError);
    }

    async Task<string> Pump(StreamReader reader)
    {
        var all = new StringBuilder();
        var buffer = new char[4096];
        for (int n; (n = await reader.ReadAsync(buffer)) > 0;)
        {
            all.Append(buffer, 0, n);
            lock (seen)
            {
                seen.Append(buffer, 0, n);
                Monitor.PulseAll(seen);
            }
        }
        lock (seen) Monitor.PulseAll(seen);
        return all.ToString();
    }

    /// <summary>Waits until <paramref name="text"/> appears on stdout or stderr; false if the process ended or the time ran out first.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (seen)
            while (!seen.ToString().Contains(text, StringComparison.Ordinal))
            {
                if (process.HasExited && stdout.IsCompleted && stderr.IsCompleted) return false;
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(seen, TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
            }
        return true;
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>Runs to the end (or fails the test after <paramref name="timeout"/>).</summary>
    public (int Exit, string Out, string Err) Wait(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the CLI did not finish within {timeout}; stderr so far: {(stderr.IsCompleted ? stderr.Result : "")}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        if (kill(process.Id, 2) != 0) throw new InvalidOperationException($"kill(SIGINT) failed: {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
