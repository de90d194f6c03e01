using System.Text.Json;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The notebook kernel and REPL pinned in .config/dotnet-tools.json, restored into the package folder.</summary>
internal static class NotebookToolsCheck
{
    const string Name = "Notebook tools";
    const string RestoreHint = "Run `dotnet tool restore` in the repository.";

    public static DoctorCheck Run(DoctorOptions o)
    {
        if (o.ToolManifest is null)
            return DoctorCheck.Warning(Name, "no .config/dotnet-tools.json above the current folder", "Run the doctor from inside the NotebookKit repository.");
        List<(string Id, string Version)> tools;
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(o.ToolManifest));
            tools = manifest.RootElement.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Object
                ? list.EnumerateObject().Select(t => (t.Name, t.Value.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "")).ToList()
                : [];
        }
        catch (Exception e) when (e is JsonException || ReadErrors.Is(e))
        {
            return DoctorCheck.Warning(Name, $"{o.ToolManifest} could not be read: {e.Message}", "Restore the file from git.");
        }
        if (tools.Count == 0) return DoctorCheck.Warning(Name, $"{o.ToolManifest} lists no tools", "Restore the file from git.");

        var missing = tools.Where(t => !Directory.Exists(Path.Combine(o.PackagesRoot, t.Id.ToLowerInvariant(), t.Version))).ToList();
        var listed = string.Join(", ", tools.Select(t => $"{t.Id} {t.Version}"));
        return missing.Count == 0
            ? DoctorCheck.Ok(Name, $"restored: {listed}")
            : DoctorCheck.Warning(Name, $"not restored: {string.Join(", ", missing.Select(t => $"{t.Id} {t.Version}"))}", RestoreHint);
    }
}
