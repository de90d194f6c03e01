using System.IO.Compression;
using NotebookKit.Platform;
using Xunit;

namespace NotebookKit.Tests.Platform;

/// <summary>Inputs shared by the platform tests.</summary>
static class TestFiles
{
    const string TorchSharpVersion = "0.107.0";

    static readonly Lazy<byte[]> Original = new(() =>
    {
        // The .nupkg keeps the library as published, whatever the doctor did to the extracted copy on this machine.
        var nupkg = Path.Combine(KitPaths.NuGetPackagesRoot, "torchsharp", TorchSharpVersion, $"torchsharp.{TorchSharpVersion}.nupkg");
        Assert.True(File.Exists(nupkg), $"{nupkg} is missing: build the repository first to restore TorchSharp.");
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so") ?? throw new InvalidDataException($"{nupkg} has no linux-x64 libLibTorchSharp.so");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>TorchSharp 0.107's libLibTorchSharp.so for linux-x64 as published (requires GLIBCXX_3.4.32).</summary>
    public static byte[] OriginalLibTorchSharp => Original.Value;
}
