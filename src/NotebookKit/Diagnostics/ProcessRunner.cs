using System.ComponentModel;
using System.Diagnostics;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics;

/// <summary>Runs a small external command for the doctor, tolerating its absence.</summary>
public static class ProcessRunner
{
    /// <summary>The trimmed standard output, or null when the program is missing, fails or takes over 15 s.</summary>
    public static string? TryRun(string fileName, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
