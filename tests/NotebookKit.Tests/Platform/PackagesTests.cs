using NotebookKit.Diagnostics;
using NotebookKit.Platform;
using NotebookKit.Diagnostics.Checks;
using Xunit;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

public sealed class PackagesTests
{
    [Fact]
    public void Versions_are_highest_first_by_number_not_by_text()
    {
        using var temp = new TempFolder();
        foreach (var v in new[] { "0.99.0", "0.107.0", "0.105.2" })
            Directory.CreateDirectory(Path.Combine(temp.Root, "torchsharp", v));

        Assert.Equal(["0.107.0", "0.105.2", "0.99.0"], Packages.Versions(temp.Root, "TorchSharp"));
    }

    [Fact]
    public void Libtorch_packages_are_matched_by_runtime()
    {
        using var temp = new TempFolder();
        foreach (var id in new[] { "libtorch-cpu-linux-x64", "libtorch-cpu-win-x64", "libtorch-cuda-12.8-linux-x64" })
            Directory.CreateDirectory(Path.Combine(temp.Root, id, "2.10.0"));

        Assert.Equal([("libtorch-cpu-linux-x64", "2.10.0"), ("libtorch-cuda-12.8-linux-x64", "2.10.0")], Packages.Libtorch(temp.Root, "linux-x64"));
    }

    [Fact]
    public void A_missing_program_yields_null_rather_than_an_exception() =>
        Assert.Null(ProcessRunner.TryRun("nbk-no-such-program-" + Guid.NewGuid().ToString("N"), "--version"));
}
