using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The system libstdc++ and the versions it defines; read once per doctor run.</summary>
internal sealed record SystemCxx(string? Path, IReadOnlySet<string> Versions, string? Error)
{
    public static SystemCxx Read(DoctorOptions o)
    {
        if (!o.IsLinux || o.LibStdCxxPath is null) return new(null, new HashSet<string>(), null);
        try
        {
            return new(o.LibStdCxxPath, ElfVersionPatcher.DefinedVersions(o.LibStdCxxPath).ToHashSet(StringComparer.Ordinal), null);
        }
        catch (Exception e)
        {
            // Read outside any guarded check and shared by several: whatever goes wrong must become a finding.
            return new(o.LibStdCxxPath, new HashSet<string>(), e.Message);
        }
    }
}
