namespace NotebookKit.Benchmarks;

/// <summary>
/// Where bench/install-pytorch-reference.sh put Debian's PyTorch (an isolated prefix with env.sh) and where the
/// reference script is. Its environment applies to the reference's process only, so TorchSharp never sees that libtorch.
/// </summary>
public sealed record PytorchReference(string Prefix, string Script)
{
    public const string Python = "/usr/bin/python3";
    public const string ScriptPath = "bench/pytorch_reference.py";

    public static string DefaultPrefix =>
        Environment.GetEnvironmentVariable("NOTEBOOKKIT_PYTORCH_REF") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "notebookkit", "pytorch-ref");

    /// <summary>The installed reference, or null (with the reason) when the prefix or the script is missing.</summary>
    public static PytorchReference? Find(out string reason)
    {
        var prefix = DefaultPrefix;
        var script = FindUp(ScriptPath);
        reason = !File.Exists(Path.Combine(prefix, "env.sh")) ? $"PyTorch reference not installed in {prefix}: run bench/install-pytorch-reference.sh"
            : script is null ? $"{ScriptPath} not found above {Directory.GetCurrentDirectory()}"
            : "";
        return reason.Length == 0 ? new PytorchReference(prefix, script!) : null;
    }

    /// <summary>bash sources env.sh then execs python, so the measured process is python itself.</summary>
    public System.Diagnostics.ProcessStartInfo StartInfo(string planPath, string outPath) =>
        new("/bin/bash", ["-c", "source \"$0\" && exec \"$1\" \"$2\" --plan \"$3\" --out \"$4\"", Path.Combine(Prefix, "env.sh"), Python, Script, planPath, outPath]);

    static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return null;
    }
}
