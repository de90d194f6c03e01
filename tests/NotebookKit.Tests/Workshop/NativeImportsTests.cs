using NotebookKit.Cli.Notebooks;
using NotebookKit.Cli.Workshop;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Workshop;

public class NativeImportsTests
{
    [NativesFact("linux-x64")]
    public void LinuxLibTorchSharpResolvesAgainstItsLibtorch() => AssertResolves("linux-x64");

    [NativesFact("win-x64")]
    public void WindowsLibTorchSharpResolvesAgainstItsLibtorch() => AssertResolves("win-x64");

    [NativesFact("osx-arm64")]
    public void MacLibTorchSharpResolvesAgainstItsLibtorch() => AssertResolves("osx-arm64");

    [NativesFact("linux-x64")]
    public void ASymbolNoLibraryExportsIsNamed()
    {
        // libtorch without libc10.so's exports: LibTorchSharp's c10 imports must then be reported by name.
        var (sharp, torch) = NativesFactAttribute.Folders("linux-x64");
        var partial = Directory.CreateTempSubdirectory("nbk-natives-").FullName;
        try
        {
            foreach (var lib in new[] { "libtorch.so", "libtorch_cpu.so" }) File.CreateSymbolicLink(Path.Combine(partial, lib), Path.Combine(torch, lib));
            // An empty ELF stand-in for libc10.so: present, exporting nothing.
            File.Copy(Path.Combine(torch, "libtorch_global_deps.so"), Path.Combine(partial, "libc10.so"));
            var report = NativeImports.Check("linux-x64", sharp, partial);
            Assert.False(report.Resolves);
            Assert.Contains(report.Missing, s => s.StartsWith("_ZN3c10", StringComparison.Ordinal));
            Assert.Contains(report.Missing[0], report.ToString());
        }
        finally { Directory.Delete(partial, recursive: true); }
    }

    static void AssertResolves(string rid)
    {
        var (sharp, torch) = NativesFactAttribute.Folders(rid);
        var report = NativeImports.Check(rid, sharp, torch);
        Assert.True(report.Imports > 1000, $"only {report.Imports} torch/c10 imports read from {report.LibTorchSharp}");
        Assert.True(report.Resolves, report.ToString());
    }
}

/// <summary>A test that needs TorchSharp's and libtorch's natives for a runtime as restored, and the LLVM readers; a skip naming what is missing otherwise.</summary>
sealed class NativesFactAttribute : FactAttribute
{
    static readonly string Props = Path.Combine(RepoLayout.Find(AppContext.BaseDirectory).Root, "Directory.Packages.props");

    public NativesFactAttribute(string rid)
    {
        var (sharp, torch) = Folders(rid);
        if (!Directory.Exists(sharp)) Skip = $"{sharp} is missing: restore TorchSharp (dotnet restore).";
        else if (!Directory.Exists(torch))
            Skip = $"{LibtorchRuntimes.CpuPackage(rid)} is not restored ({torch}): CI restores it (.ci/run); by hand, `workshop pack --rid {rid}` or a PackageDownload of it.";
        else if (!NativeImports.ToolsAvailable()) Skip = $"needs {NativeImports.Tools}.";
    }

    /// <summary>TorchSharp's and libtorch's native folders for <paramref name="rid"/>, at the versions Directory.Packages.props pins.</summary>
    public static (string TorchSharp, string Libtorch) Folders(string rid)
    {
        string Native(string id) => Path.Combine(KitPaths.NuGetPackagesRoot, id.ToLowerInvariant(), NuGetInventory.PinnedVersion(Props, id), "runtimes", rid, "native");
        return (Native("TorchSharp"), Native(LibtorchRuntimes.CpuPackage(rid)));
    }
}
