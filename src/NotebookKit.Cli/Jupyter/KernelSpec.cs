using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Cli.Jupyter;

/// <summary>
/// The Jupyter kernel spec of the .NET C# kernel, pinned to the dotnet-interactive of the repository's tool manifest.
/// Its argv names the dotnet host and the tool's entry assembly in the NuGet packages folder by absolute path, so the
/// kernel starts from any folder (a repo-local <c>dotnet tool run</c> only works inside the repository), and passes
/// <c>--http-local-only</c>: in jupyter mode dotnet-interactive always serves its HTTP API, on every network
/// interface unless told otherwise. <c>NUGET_PACKAGES</c> is pinned too, so the kernel restores the notebooks'
/// packages into the folder the doctor patched, and the JIT settings of <see cref="KernelRuntime"/> apply.
/// </summary>
sealed record KernelSpec(string DotnetHost, string EntryAssembly, string PackagesRoot)
{
    /// <summary>The name notebooks' metadata asks for (<c>kernelspec.name</c>), the one dotnet-interactive registers.</summary>
    public const string Name = ".net-csharp";
    public const string ToolId = "microsoft.dotnet-interactive";
    const string EntryFile = "Microsoft.DotNet.Interactive.App.dll";

    public IReadOnlyList<string> Argv => [DotnetHost, EntryAssembly, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"];

    /// <summary>kernel.json.</summary>
    public string Json() => new JsonObject
    {
        ["argv"] = new JsonArray([.. Argv.Select(a => JsonValue.Create(a))]),
        ["display_name"] = ".NET (C#)",
        ["language"] = "C#",
        ["env"] = new JsonObject([.. KernelRuntime.With(new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesRoot }).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
        ["metadata"] = new JsonObject { ["notebookkit"] = "registered by notebookkit jupyter install" },
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The spec for the tool version pinned in <paramref name="repo"/>'s manifest, restored in <paramref name="packagesRoot"/>.</summary>
    /// <exception cref="FileNotFoundException">The manifest does not pin the tool, or it is not restored.</exception>
    public static KernelSpec ForRepository(RepoLayout repo, string packagesRoot)
    {
        var manifest = Path.Combine(repo.Root, ".config", "dotnet-tools.json");
        var version = (string?)JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?[ToolId]?["version"]
            ?? throw new FileNotFoundException($"{manifest} does not pin {ToolId}: restore the file from git.");
        var tools = Path.Combine(packagesRoot, ToolId, version, "tools");
        var entry = (Directory.Exists(tools) ? Directory.GetFiles(tools, EntryFile, SearchOption.AllDirectories) : []).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new FileNotFoundException($"{ToolId} {version} is not restored in {packagesRoot}: run `dotnet tool restore` in {repo.Root}.");
        return new KernelSpec(RunningDotnetHost(), entry, packagesRoot);
    }

    /// <summary>The dotnet executable of the runtime running this command (the SDK's root), not whatever PATH finds later.</summary>
    static string RunningDotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        // <root>/shared/Microsoft.NETCore.App/<version>/
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, exe);
        return File.Exists(host) ? host : throw new FileNotFoundException($"No {exe} in {root}, the root of the running .NET: reinstall the .NET SDK.");
    }
}
