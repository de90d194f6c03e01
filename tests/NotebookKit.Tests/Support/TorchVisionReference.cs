using System.Diagnostics;

namespace NotebookKit.Tests.Support;

/// <summary>
/// Debian's torchvision 0.14, installed by bench/install-pytorch-reference.sh into an isolated prefix, running
/// tests/reference/torchvision_reference.py; its environment (env.sh) applies to that process only.
/// </summary>
static class TorchVisionReference
{
    const string Script = "tests/reference/torchvision_reference.py";

    static string Prefix =>
        Environment.GetEnvironmentVariable("NOTEBOOKKIT_PYTORCH_REF") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "notebookkit", "pytorch-ref");

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? Missing =>
        !File.Exists(Path.Combine(Prefix, "env.sh")) ? $"torchvision reference not installed in {Prefix} (run bench/install-pytorch-reference.sh)"
        : ScriptPath is null ? $"{Script} not found above {AppContext.BaseDirectory}"
        : null;

    static string? ScriptPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Script))) return Path.Combine(dir.FullName, Script);
            return null;
        }
    }

    /// <summary>Runs the script with <paramref name="arguments"/>; throws with its stderr when it fails (20 minutes allowed: ViT-B/16 on a busy two-core machine).</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-c", "source \"$0\" && exec /usr/bin/python3 \"$@\"", Path.Combine(Prefix, "env.sh"), ScriptPath!, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"torchvision reference {string.Join(' ', arguments)} took over 20 minutes.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"torchvision reference {string.Join(' ', arguments)} failed:\n{stderr.Result}");
    }
}

/// <summary>A theory that runs only where the torchvision reference is installed, and says so when skipped.</summary>
public sealed class TorchVisionTheoryAttribute : TheoryAttribute
{
    public TorchVisionTheoryAttribute()
    {
        if (TorchVisionReference.Missing is { } reason) Skip = reason;
    }
}
