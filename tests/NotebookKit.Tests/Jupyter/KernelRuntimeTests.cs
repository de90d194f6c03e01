using System.Text.Json.Nodes;
using NotebookKit.Cli.Jupyter;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Jupyter;

/// <summary>Every process that runs a chapter gets the same JIT settings: the kit's builds, exported apps, the Jupyter kernel, dotnet-repl.</summary>
public class KernelRuntimeTests
{
    [Fact]
    public void The_kits_own_builds_run_without_tiered_pgo() =>
        Assert.Equal("false", AppContext.GetData("System.Runtime.TieredPGO")?.ToString()?.ToLowerInvariant());

    [Fact]
    public void The_jupyter_kernel_spec_passes_the_settings_beside_its_packages_folder()
    {
        var env = JsonNode.Parse(new KernelSpec("/usr/bin/dotnet", "/p/Microsoft.DotNet.Interactive.App.dll", "/p").Json())!["env"]!.AsObject();
        Assert.Equal("/p", (string?)env["NUGET_PACKAGES"]);
        foreach (var (name, value) in KernelRuntime.Environment) Assert.Equal(value, (string?)env[name]);
    }

    [Fact]
    public void Exported_apps_carry_the_setting_when_copied_out_of_the_repository()
    {
        var notebook = new JsonObject { ["cells"] = new JsonArray(new JsonObject { ["cell_type"] = "code", ["source"] = "var x = 1;" }) }.ToJsonString();
        Assert.Contains("#:property TieredPGO=false", AppExporter.Export(notebook, "x.ipynb").Split('\n'));
    }
}
