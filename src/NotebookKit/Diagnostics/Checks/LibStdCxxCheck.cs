using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The newest GLIBCXX version the system libstdc++ defines, against what libLibTorchSharp.so asks for.</summary>
internal static class LibStdCxxCheck
{
    const string Name = "libstdc++ (GLIBCXX)";

    public static DoctorCheck Run(DoctorOptions o, SystemCxx cxx)
    {
        if (!o.IsLinux) return DoctorCheck.Ok(Name, "not used on this OS");
        if (cxx.Path is null)
            return DoctorCheck.Warning(Name, $"{LibStdCxx.SoName} not found on LD_LIBRARY_PATH or in the usual library folders",
                "Install your distribution's libstdc++6 package.");
        if (cxx.Error is not null)
            return DoctorCheck.Warning(Name, $"{cxx.Path} could not be read: {cxx.Error}", "Check that the file is a readable x86-64/arm64 ELF library.");

        var highest = LibStdCxx.HighestGlibcxx(cxx.Versions);
        var version = highest is null ? null : LibStdCxx.ParseGlibcxx(highest);
        var minimum = LibStdCxx.ParseGlibcxx(NativeCopiesCheck.Replacement)!;
        var wanted = LibStdCxx.ParseGlibcxx(NativeCopiesCheck.Requirement)!;
        if (version is null || version < minimum)
            return DoctorCheck.Broken(Name, $"{highest ?? "no GLIBCXX version"} in {cxx.Path}; TorchSharp 0.107 needs {NativeCopiesCheck.Replacement} even when patched",
                "Use a newer distribution (Ubuntu 22.04+, Debian 12+) or put a newer libstdc++.so.6 first on LD_LIBRARY_PATH.");
        return DoctorCheck.Ok(Name, version < wanted
            ? $"{highest} in {cxx.Path}: older than the {NativeCopiesCheck.Requirement} TorchSharp 0.107 asks for, which the patch works around"
            : $"{highest} in {cxx.Path}: new enough, no patch needed");
    }
}
