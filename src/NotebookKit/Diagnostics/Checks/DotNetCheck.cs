using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The running .NET and the SDK on PATH (needed to build the kit and by the notebook kernel).</summary>
internal static class DotNetCheck
{
    const string Name = ".NET";
    const string InstallHint = "Install the .NET 10 SDK from https://dot.net.";

    public static DoctorCheck Run(DoctorOptions o)
    {
        var runtime = $"runtime {Environment.Version}";
        var sdk = o.RunProcess("dotnet", "--version");
        if (sdk is null) return DoctorCheck.Warning(Name, $"{runtime}; no SDK answered `dotnet --version`", InstallHint);
        var major = Version.TryParse(sdk.Split('-')[0], out var v) ? v.Major : 0;
        return major >= 10
            ? DoctorCheck.Ok(Name, $"{runtime}, SDK {sdk}")
            : DoctorCheck.Broken(Name, $"{runtime}, SDK {sdk}: the kit targets net10.0", InstallHint + " A global.json may pin an older SDK.");
    }
}
