using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Cli.Jupyter;

/// <summary>The Jupyter components found on this machine (from <c>jupyter --version</c>), by package name.</summary>
sealed record JupyterInstallation(IReadOnlyDictionary<string, string> Versions)
{
    /// <summary>Debian/Ubuntu packages for a Jupyter that runs the .NET kernel, executes notebooks and serves classic Notebook.</summary>
    public const string DebianPackages = "jupyter-client python3-ipykernel jupyter-nbconvert python3-notebook jupyter-notebook";

    public static string InstallHint =>
        $"On Debian or Ubuntu: sudo apt-get install --no-install-recommends {DebianPackages}; elsewhere: python3 -m pip install notebook nbconvert.";

    /// <summary>What each component is for; jupyter_client is required to register a kernel at all.</summary>
    public static readonly IReadOnlyList<(string Package, string Purpose)> Components =
    [
        ("jupyter_client", "kernel specs and the kernel protocol"),
        ("ipykernel", "Jupyter's own Python kernel, which its tools expect"),
        ("nbconvert", "jupyter nbconvert --execute, HTML export"),
        ("notebook", "classic Notebook (jupyter notebook)"),
        ("jupyterlab", "JupyterLab (optional)"),
    ];

    /// <summary>Parses <c>jupyter --version</c> ("nbconvert        : 6.5.3"; "not installed" lines are absent components).</summary>
    public static JupyterInstallation Parse(string versionOutput)
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in versionOutput.Split('\n'))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Length > 0 && !parts[0].Contains(' ') && parts[1].Length > 0 && parts[1] != "not installed")
                versions[parts[0]] = parts[1];
        }
        return new JupyterInstallation(versions);
    }

    /// <summary>The installation found by running <c>jupyter --version</c>, or null when there is no jupyter command.</summary>
    public static JupyterInstallation? Find(CancellationToken ct)
    {
        try
        {
            var result = ProcessResult.Run("jupyter", ["--version"], Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(1), null, ct);
            return result.ExitCode == 0 ? Parse(result.Output) : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}

/// <summary>Registers and removes the kernel through <c>jupyter kernelspec</c>, so Jupyter's own paths and settings apply.</summary>
static class JupyterSetup
{
    /// <summary>Installs <paramref name="spec"/> for the current user (replacing any .net-csharp); returns where it went.</summary>
    public static string Install(KernelSpec spec, CancellationToken ct)
    {
        var staging = Path.Combine(Path.GetTempPath(), $"notebookkit-kernel-{Guid.NewGuid():N}", KernelSpec.Name);
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "kernel.json"), spec.Json());
            var r = Jupyter(["kernelspec", "install", "--user", "--replace", "--name", KernelSpec.Name, staging], ct);
            // "[InstallKernelSpec] Installed kernelspec .net-csharp in /home/u/.local/share/jupyter/kernels/.net-csharp"
            var line = r.Output.Split('\n').FirstOrDefault(l => l.Contains("Installed kernelspec", StringComparison.Ordinal));
            return line is null ? "" : line[(line.IndexOf(" in ", StringComparison.Ordinal) + 4)..].Trim();
        }
        finally { Directory.Delete(Path.GetDirectoryName(staging)!, recursive: true); }
    }

    /// <summary>Removes the .net-csharp kernel spec; false when none was registered.</summary>
    public static bool Uninstall(CancellationToken ct)
    {
        var listed = Jupyter(["kernelspec", "list"], ct).Output.Split('\n').Any(l => l.Trim().StartsWith(KernelSpec.Name + " ", StringComparison.Ordinal));
        if (listed) Jupyter(["kernelspec", "remove", "-f", KernelSpec.Name], ct);
        return listed;
    }

    static ProcessResult Jupyter(string[] arguments, CancellationToken ct)
    {
        var r = ProcessResult.Run("jupyter", arguments, Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(2), null, ct);
        if (r.ExitCode != 0) throw new IOException($"jupyter {string.Join(' ', arguments)} failed ({r.ExitCode}): {r.Output.Trim()}");
        return r;
    }
}
