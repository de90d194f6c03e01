using NotebookKit.Cli.Notebooks;
using NotebookKit.Cli.Workshop;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Workshop;

public class NuGetInventoryTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);

    [Fact]
    public void AssetsGivePackagesAndDownloadsButNotProjects()
    {
        const string assets = """
            {
              "libraries": {
                "TorchSharp/0.107.0": { "type": "package", "path": "torchsharp/0.107.0" },
                "libtorch-cpu-linux-x64/2.10.0": { "type": "package" },
                "NotebookKit/0.1.0": { "type": "project", "path": "../NotebookKit/NotebookKit.csproj" }
              },
              "project": { "frameworks": { "net10.0": {
                "downloadDependencies": [ { "name": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "[0.23.1, 0.23.1]" } ] } } }
            }
            """;
        Assert.Equal(
            [new("torchsharp", "0.107.0"), new("libtorch-cpu-linux-x64", "2.10.0"), new PackageId("microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1")],
            NuGetInventory.FromAssets(assets).ToList());
    }

    [Fact]
    public void ARealRestoreOfTheLibraryNeedsOneRuntimesLibtorchAndTheOnnxModel()
    {
        var assets = Path.Combine(Repo.Root, "src", "NotebookKit", "obj", "project.assets.json");
        var packages = NuGetInventory.FromAssets(File.ReadAllText(assets)).Select(p => p.Id).ToList();
        Assert.Contains("torchsharp", packages);
        Assert.Contains("microsoft.ml.dnnimagefeaturizer.resnet18", packages);
        Assert.DoesNotContain("torchsharp-cpu", packages);
        Assert.Single(packages, id => id.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
    }

    [Fact]
    public void ToolManifestGivesEveryPinnedTool()
    {
        var tools = NuGetInventory.FromToolManifest(File.ReadAllText(Path.Combine(Repo.Root, ".config", "dotnet-tools.json"))).ToList();
        Assert.Contains(new PackageId("microsoft.dotnet-interactive", "1.0.712001"), tools);
        Assert.Contains(new PackageId("dotnet-repl", "0.3.259"), tools);
    }

    [Fact]
    public void NotebookDirectivesAreFoundInCellSourcesOnly()
    {
        const string notebook = """
            { "cells": [
              { "cell_type": "code", "source": ["#r \"nuget: NotebookKit, 0.1.0-local\"\n", "using NotebookKit;"] },
              { "cell_type": "code", "source": "  #r \"nuget:Plotly.NET, 6.0.0\"" },
              { "cell_type": "markdown", "source": ["Write `#r \"nuget: Foo, 1.0.0\"` in a cell to load a package."] }
            ] }
            """;
        Assert.Equal([new("NotebookKit", "0.1.0-local"), new PackageId("Plotly.NET", "6.0.0")], NuGetInventory.FromNotebook(notebook).ToList());
    }

    [Fact]
    public void EveryChapterLoadsTheKitPackage()
    {
        foreach (var nb in Directory.GetFiles(Repo.Notebooks, "*.ipynb"))
            Assert.Contains(new PackageId("notebookkit", "0.1.0-local"), NuGetInventory.FromNotebook(File.ReadAllText(nb)));
    }

    [Fact]
    public void EverySupportedRuntimesLibtorchIsPinnedToOneVersion()
    {
        var props = Path.Combine(Repo.Root, "Directory.Packages.props");
        Assert.All(LibtorchRuntimes.Cpu, rid => Assert.Equal("2.10.0", NuGetInventory.PinnedVersion(props, LibtorchRuntimes.CpuPackage(rid))));
    }

    [Fact]
    public void AVersionRangeOrAMissingPinIsRefusedByName()
    {
        using var dir = new Support.TempFolder();
        var props = dir.File("Directory.Packages.props", """
            <Project><ItemGroup><PackageVersion Include="Foo" Version="[1.0.0,2.0.0)" /></ItemGroup></Project>
            """u8.ToArray());
        Assert.Contains("[1.0.0,2.0.0)", Assert.Throws<InvalidDataException>(() => NuGetInventory.PinnedVersion(props, "Foo")).Message);
        Assert.Contains("Bar", Assert.Throws<InvalidDataException>(() => NuGetInventory.PinnedVersion(props, "Bar")).Message);
    }
}
