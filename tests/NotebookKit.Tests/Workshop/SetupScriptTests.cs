using System.ComponentModel;
using System.Diagnostics;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Workshop;

/// <summary>scripts/setup.ps1's checks before anything is restored, run by PowerShell 7 (pwsh) on this OS: the Windows set-up's logic, short of Windows itself.</summary>
public class SetupScriptTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);

    static (int ExitCode, string Output) Setup(params string[] arguments)
    {
        var r = ProcessResult.Run("pwsh", ["-NoProfile", "-NonInteractive", Path.Combine(Repo.Root, "scripts", "setup.ps1"), .. arguments], Repo.Root, TimeSpan.FromMinutes(2));
        return (r.ExitCode, r.Output);
    }

    [PwshFact]
    public void AMissingFolderIsAUsageError()
    {
        var (code, output) = Setup("-Offline", Path.Combine(Path.GetTempPath(), $"no-bundle-{Guid.NewGuid():N}"));
        Assert.Equal(2, code);
        Assert.Contains("usage: pwsh scripts/setup.ps1 -Offline BUNDLE_DIR", output);
    }

    [PwshFact]
    public void AFolderWithoutBundleJsonIsNotABundle()
    {
        using var temp = new TempFolder();
        var (code, output) = Setup("-Offline", temp.Root);
        Assert.Equal(2, code);
        Assert.Contains("is not a finished workshop bundle", output);
    }

    [PwshFact]
    public void ABundleForOtherRuntimesNamesThisOneAndHowToPackForIt()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bundle.json"), "{}");
        File.WriteAllLines(temp.File("runtimes.txt"), ["osx-arm64"]);
        var (code, output) = Setup("-Offline", temp.Root);
        Assert.Equal(2, code);
        Assert.Contains($"carries libtorch for osx-arm64 only; this machine is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}", output);
    }

    [PwshFact]
    public void ADamagedBundleIsRefusedNamingTheMissingFile()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bundle.json"), "{}");
        File.WriteAllLines(temp.File("runtimes.txt"), [System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier]);
        File.WriteAllText(temp.File("packages/a.nupkg"), "a");
        File.WriteAllLines(temp.File("SHA256SUMS"), [
            "CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB  packages/a.nupkg", // sha256("a")
            "0000000000000000000000000000000000000000000000000000000000000000  packages/gone.nupkg",
        ]);
        var (code, output) = Setup("-Offline", temp.Root);
        Assert.Equal(2, code);
        Assert.Contains("packages/gone.nupkg: missing", output);
        Assert.DoesNotContain("a.nupkg: differs", output);
        Assert.Contains("incomplete or damaged", output);
    }
}

/// <summary>A test that runs PowerShell 7; a skip saying how to get it where pwsh is not on PATH.</summary>
sealed class PwshFactAttribute : FactAttribute
{
    static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("pwsh", "-NoProfile -Command exit") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
            return p is not null && p.WaitForExit(60_000) && p.ExitCode == 0;
        }
        catch (Win32Exception) { return false; }
    });

    public PwshFactAttribute()
    {
        if (!Available.Value) Skip = "needs PowerShell 7 on PATH: dotnet tool install --global PowerShell --version 7.6.10 (CI installs it).";
    }
}
