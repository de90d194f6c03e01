using NotebookKit.Diagnostics.Checks;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics;

/// <summary>
/// Checks that this machine can run the kit (.NET, OS, libstdc++, TorchSharp natives, weights, notebook tools)
/// and repairs what it safely can. Never throws: a check that fails unexpectedly becomes a Broken line.
/// </summary>
public static class Doctor
{
    /// <summary>Runs every check without changing anything.</summary>
    public static DoctorReport Run(DoctorOptions? options = null) => Run(options ?? new DoctorOptions(), new Dictionary<string, string>());

    /// <summary>
    /// Writes a patched copy of a libLibTorchSharp.so the system libstdc++ cannot load into the kit's cache (the kit loads
    /// it instead), puts back package files older kits patched in place, then checks again. Never edits the NuGet packages
    /// folder otherwise; idempotent; changes nothing on systems whose libstdc++ is new enough.
    /// </summary>
    public static DoctorReport Fix(DoctorOptions? options = null)
    {
        var o = options ?? new DoctorOptions();
        try
        {
            return Run(o, NativeCopiesCheck.Repair(o, SystemCxx.Read(o)));
        }
        catch (Exception e)
        {
            var report = Run(o);
            return report with { Checks = [.. report.Checks, Crashed("--fix", e)] };
        }
    }

    static DoctorReport Run(DoctorOptions o, IReadOnlyDictionary<string, string> repairs)
    {
        var cxx = SystemCxx.Read(o);
        var natives = Guard(NativeCopies.FileName, () => NativeCopiesCheck.Run(o, cxx, repairs));
        List<DoctorCheck> checks =
        [
            Guard(".NET", () => DotNetCheck.Run(o)),
            Guard("OS / architecture", () => OsCheck.Run(o)),
            Guard("libstdc++ (GLIBCXX)", () => LibStdCxxCheck.Run(o, cxx)),
            Guard("TorchSharp packages", () => TorchPackagesCheck.Run(o)),
            .. natives,
            Guard("System libtorch", () => SystemLibtorchCheck.Run(o)),
        ];
        if (o.QueryTorch) checks.Add(Guard("Torch threads", () => TorchThreadsCheck.Run(natives.All(c => c.Status != CheckStatus.Broken))));
        checks.Add(Guard("Frozen layers", () => FrozenComputeCheck.Run(CpuFeatures.Current)));
        checks.Add(Guard("Trainable layers", () => TrainComputeCheck.Run(CpuFeatures.Current)));
        checks.Add(Guard("JPEG decoding", () => JpegDecodingCheck.Run(o)));
        checks.Add(Guard("Pretrained weights", () => WeightsCheck.Run(o)));
        checks.Add(Guard("Notebook tools", () => NotebookToolsCheck.Run(o)));
        checks.Add(Guard("Kernel network", () => KernelNetworkCheck.Run(o)));
        return new DoctorReport(checks);
    }

    static DoctorCheck Guard(string name, Func<DoctorCheck> check)
    {
        try { return check(); }
        catch (Exception e) { return Crashed(name, e); }
    }

    static IReadOnlyList<DoctorCheck> Guard(string name, Func<IReadOnlyList<DoctorCheck>> checks)
    {
        try { return checks(); }
        catch (Exception e) { return [Crashed(name, e)]; }
    }

    static DoctorCheck Crashed(string name, Exception e) =>
        DoctorCheck.Broken(name, $"the check itself failed: {e.GetType().Name}: {e.Message}", "Please report this with the doctor's output.");
}
