namespace NotebookKit.Platform;

/// <summary>The runtimes TorchSharp 0.107 has a CPU libtorch for, and the package that carries each one's natives.</summary>
public static class LibtorchRuntimes
{
    /// <summary>The runtimes libtorch-cpu 2.10.0's nuspec depends on: there is none for win-arm64, osx-x64 or linux-arm64.</summary>
    public static IReadOnlyList<string> Cpu { get; } = ["linux-x64", "win-x64", "osx-arm64"];

    /// <summary>The package with libtorch's CPU natives for <paramref name="rid"/>; NotebookKit.csproj references the build's one.</summary>
    public static string CpuPackage(string rid) => "libtorch-cpu-" + rid;
}
