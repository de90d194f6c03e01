using System.Text.Json;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>
/// Whether a .NET kernel of the user's own set-up would put its HTTP API on the network. dotnet-interactive serves
/// command submission over HTTP for the front end's JavaScript; in <c>jupyter</c> mode that API is always on, on every
/// interface unless <c>--http-local-only</c> is given, and in <c>stdio</c> mode (VS Code) only with <c>--http-port…</c>.
/// Looks at the kernel specs Jupyter lists and at VS Code's Polyglot Notebooks launch setting.
/// </summary>
internal static class KernelNetworkCheck
{
    const string Name = "Kernel network";
    const string LocalOnly = "--http-local-only";
    static readonly string[] TransportSettings = ["dotnet-interactive.kernelTransportArgs", "polyglot-notebook.kernelTransportArgs"];

    public static DoctorCheck Run(DoctorOptions o)
    {
        var exposed = new List<string>();
        var safe = new List<string>();
        foreach (var (name, argv) in JupyterKernels(o).Where(k => IsDotnetInteractive(k.Argv)))
            (ListensBeyondLoopback(argv) ? exposed : safe).Add($"Jupyter kernel {name}");
        foreach (var (file, setting, argv) in VsCodeTransports(o))
            (ListensBeyondLoopback(argv) ? exposed : safe).Add($"VS Code {setting} in {file}");

        if (exposed.Count > 0)
            return DoctorCheck.Warning(Name, $"{string.Join("; ", exposed)}: the kernel's HTTP API would listen on every network interface, not only loopback",
                "Run `notebookkit jupyter install` (registers .net-csharp with --http-local-only); remove --http-port… from the VS Code setting; `jupyter kernelspec remove NAME` for other kernels.");
        return DoctorCheck.Ok(Name, safe.Count == 0
            ? "no .NET kernel registered with Jupyter; VS Code's Polyglot Notebooks starts its kernel over stdio, without HTTP"
            : $"loopback only: {string.Join("; ", safe)}");
    }

    /// <summary>True for a dotnet-interactive command line whose HTTP API would bind addresses other than loopback.</summary>
    public static bool ListensBeyondLoopback(IReadOnlyList<string> argv)
    {
        if (argv.Contains(LocalOnly)) return false;
        return argv.Contains("jupyter") || argv.Any(a => a.StartsWith("--http-port", StringComparison.Ordinal));
    }

    static bool IsDotnetInteractive(IReadOnlyList<string> argv) =>
        argv.Any(a => a.Contains("dotnet-interactive", StringComparison.OrdinalIgnoreCase) || a.Contains("Microsoft.DotNet.Interactive.App", StringComparison.OrdinalIgnoreCase))
        || argv.Zip(argv.Skip(1)).Any(p => Path.GetFileNameWithoutExtension(p.First) == "dotnet" && p.Second == "interactive");

    /// <summary>Every kernel spec <c>jupyter kernelspec list --json</c> reports, with its argv; none when Jupyter is missing.</summary>
    static List<(string Name, IReadOnlyList<string> Argv)> JupyterKernels(DoctorOptions o)
    {
        var kernels = new List<(string, IReadOnlyList<string>)>();
        if (o.RunProcess("jupyter", "kernelspec list --json") is not { Length: > 0 } json) return kernels;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("kernelspecs", out var specs)) return kernels;
            foreach (var spec in specs.EnumerateObject())
                if (spec.Value.TryGetProperty("spec", out var s) && s.TryGetProperty("argv", out var argv) && argv.ValueKind == JsonValueKind.Array)
                    kernels.Add((spec.Name, argv.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "").ToList()));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { }
        return kernels;
    }

    static IEnumerable<(string File, string Setting, IReadOnlyList<string> Argv)> VsCodeTransports(DoctorOptions o)
    {
        foreach (var file in o.VsCodeSettings.Where(File.Exists))
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (Exception e) when (e is JsonException || ReadErrors.Is(e)) { continue; }
            using (doc)
                foreach (var setting in TransportSettings)
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(setting, out var args) && args.ValueKind == JsonValueKind.Array)
                        yield return (file, setting, args.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "").ToList());
        }
    }
}
