using NotebookKit.Data;
using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Which libjpeg-turbo decodes JPEGs (<see cref="JpegBackend"/>): the OS's libturbojpeg, with its SIMD, or SkiaSharp's own.</summary>
internal static class JpegDecodingCheck
{
    const string Name = "JPEG decoding";

    /// <param name="setting">The value of <see cref="JpegBackend.EnvironmentVariable"/>, null when unset.</param>
    /// <param name="library">Whether libturbojpeg loads, and the file and libjpeg-turbo version it came from where they can be told.</param>
    public static DoctorCheck Run(string? setting, (bool Available, string? Path, string? Version) library, string runtimeIdentifier)
    {
        JpegBackend backend;
        try { backend = JpegBackend.Choose(setting, library.Available); }
        catch (ArgumentException e) { return DoctorCheck.Warning(Name, e.Message, $"Unset {JpegBackend.EnvironmentVariable} or set it to skia, turbojpeg or auto."); }
        catch (InvalidOperationException e) { return DoctorCheck.Warning(Name, e.Message, $"Install libturbojpeg: {JpegBackend.InstallHint}; or unset {JpegBackend.EnvironmentVariable}."); }
        var why = string.IsNullOrWhiteSpace(setting) ? "chosen automatically" : $"{JpegBackend.EnvironmentVariable}={setting}";
        if (backend is TurboJpegBackend)
        {
            var from = string.Join(", ", new[] { library.Version is { } v ? $"libjpeg-turbo {v}" : null, library.Path }.OfType<string>());
            return DoctorCheck.Ok(Name, $"the OS's libturbojpeg{(from.Length > 0 ? $" ({from})" : "")}, files it reports damaged go to SkiaSharp's ({why})");
        }
        if (library.Available || !string.IsNullOrWhiteSpace(setting) || runtimeIdentifier != "linux-x64")
            return DoctorCheck.Ok(Name, $"SkiaSharp's libjpeg-turbo ({why})");
        return DoctorCheck.Warning(Name, "SkiaSharp's libjpeg-turbo, whose x64 builds lack its SIMD: decoding is 2–3x slower than with the OS's libturbojpeg, which is not installed",
            $"Install libturbojpeg: {JpegBackend.InstallHint}; the kit uses it from the next start.");
    }

    /// <summary>This process's answer.</summary>
    public static DoctorCheck Run(DoctorOptions o)
    {
        var (path, version) = TurboJpeg.Describe();
        return Run(Environment.GetEnvironmentVariable(JpegBackend.EnvironmentVariable), (TurboJpeg.IsAvailable, path, version), o.RuntimeIdentifier);
    }
}
