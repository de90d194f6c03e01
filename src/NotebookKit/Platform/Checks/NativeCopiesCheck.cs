using System.Security.Cryptography;

namespace NotebookKit.Platform.Checks;

/// <summary>
/// Whether each libLibTorchSharp.so can load against the system libstdc++, and the repair: patch the
/// GLIBCXX_3.4.32 requirement down to GLIBCXX_3.4.30 (see <see cref="ElfVersionPatcher"/>) in package and app
/// copies, delete stale consolidated copies. Nothing is touched when the system libstdc++ is new enough.
/// </summary>
internal static class NativeCopiesCheck
{
    public const string Requirement = "GLIBCXX_3.4.32";
    public const string Replacement = "GLIBCXX_3.4.30";
    const string Upgrade = "Use a distribution with a newer libstdc++ (Ubuntu 22.04+, Debian 12+) or put a newer libstdc++.so.6 first on LD_LIBRARY_PATH.";

    enum Verdict { Loadable, NeedsPatch, Unloadable }

    public static IReadOnlyList<DoctorCheck> Run(DoctorOptions o, SystemCxx cxx, IReadOnlyDictionary<string, string> repairs)
    {
        const string name = NativeCopies.FileName;
        if (!o.IsLinux) return [DoctorCheck.Ok(name, "not used on this OS")];
        if (cxx.Path is null || cxx.Error is not null)
            return [DoctorCheck.Warning(name, "cannot be judged without a readable system libstdc++", "See the libstdc++ line.")];

        var checks = new List<DoctorCheck>();
        var copies = NativeCopies.Find(o).ToList();
        if (copies.Count == 0)
            checks.Add(DoctorCheck.Broken(name, $"no copy in {o.PackagesRoot} or {o.AppBaseDirectory}", "Run `dotnet build` in the repository to restore TorchSharp."));
        foreach (var copy in copies)
            checks.Add(Row(copy, cxx, repairs.GetValueOrDefault(copy.Path)));
        // Deleted stale copies no longer show up on disk; report what was done with them.
        foreach (var (path, note) in repairs.Where(r => !copies.Any(c => c.Path == r.Key)))
            checks.Add(new DoctorCheck($"{name} (removed)", CheckStatus.Fixed, $"{path}: {note}"));
        return checks;
    }

    /// <summary>Patches or deletes what needs it; returns a note per file touched (or that failed).</summary>
    public static IReadOnlyDictionary<string, string> Repair(DoctorOptions o, SystemCxx cxx)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!o.IsLinux || cxx.Path is null || cxx.Error is not null) return notes;
        foreach (var copy in NativeCopies.Find(o).ToList())
        {
            try
            {
                if (Assess(copy.Path, cxx.Versions).Verdict != Verdict.NeedsPatch) continue;
                if (copy.Kind == CopyKind.Consolidated)
                {
                    File.Delete(copy.Path);
                    notes[copy.Path] = "deleted the stale unpatched copy; TorchSharp copies the patched package file back on next use";
                }
                else
                {
                    var backup = BackupPath(o, copy.Path);
                    var state = ElfVersionPatcher.Patch(copy.Path, Requirement, Replacement, backup);
                    notes[copy.Path] = state == PatchState.Patched
                        ? $"patched {Requirement} → {Replacement}; original kept as {backup}"
                        : $"--fix left it alone ({state})";
                }
            }
            catch (Exception e) when (ReadErrors.Is(e))
            {
                notes[copy.Path] = $"--fix failed: {e.Message}";
            }
        }
        return notes;
    }

    static DoctorCheck Row(NativeCopy copy, SystemCxx cxx, string? repair)
    {
        var name = $"{NativeCopies.FileName} ({copy.Label})";
        Verdict verdict;
        string detail;
        try
        {
            (verdict, detail) = Assess(copy.Path, cxx.Versions);
        }
        catch (Exception e) when (ReadErrors.Is(e))
        {
            return DoctorCheck.Broken(name, $"{copy.Path} is unreadable or not an ELF library: {e.Message}",
                "Delete the file and run `dotnet build` in the repository to restore it.");
        }
        detail = $"{detail} — {copy.Path}";
        if (repair is not null)
            return verdict == Verdict.Loadable ? new(name, CheckStatus.Fixed, $"{repair} — {copy.Path}") : DoctorCheck.Broken(name, $"{detail}; {repair}", Upgrade);
        return verdict switch
        {
            Verdict.Loadable => DoctorCheck.Ok(name, detail),
            Verdict.NeedsPatch when copy.Kind == CopyKind.Consolidated =>
                DoctorCheck.Broken(name, $"stale: {detail}", "Run `notebookkit doctor --fix` to delete it; TorchSharp copies the patched package file back."),
            Verdict.NeedsPatch => DoctorCheck.Broken(name, detail, "Run `notebookkit doctor --fix` to patch it (the original is backed up)."),
            _ => DoctorCheck.Broken(name, detail, Upgrade),
        };
    }

    static (Verdict Verdict, string Detail) Assess(string path, IReadOnlySet<string> available)
    {
        var required = ElfVersionPatcher.RequiredVersions(path).Where(r => r.File == LibStdCxx.SoName).Select(r => r.Version).ToList();
        var missing = required.Where(v => !available.Contains(v)).ToList();
        var state = required.Contains(Requirement) ? "original" : "patched";
        if (missing.Count == 0) return (Verdict.Loadable, $"{state}, loadable");
        if (missing is [Requirement] && available.Contains(Replacement))
            return (Verdict.NeedsPatch, $"{state}, needs {Requirement}, which the system libstdc++ lacks");
        return (Verdict.Unloadable, $"{state}, needs {string.Join(", ", missing)}, which the system libstdc++ lacks; patching cannot help");
    }

    // Named by content: every copy of one original shares a single backup, and a rerun never overwrites it.
    static string BackupPath(DoctorOptions o, string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        return Path.Combine(o.BackupFolder, $"{NativeCopies.FileName}.{hash}.orig");
    }
}
