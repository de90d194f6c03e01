using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>
/// Whether each libLibTorchSharp.so can load against the system libstdc++, and the repair. The repair never edits the
/// NuGet packages folder, which every TorchSharp project of the user shares: it writes a copy with the GLIBCXX_3.4.32
/// requirement patched down to GLIBCXX_3.4.30 (see <see cref="ElfVersionPatcher"/>) into the kit's cache, which
/// <see cref="NativeLibraries"/> loads where the original does not; and it puts back the original of a package file an
/// older kit patched in place. Nothing is touched when the system libstdc++ is new enough and no package file was changed.
/// </summary>
internal static class NativeCopiesCheck
{
    public const string Requirement = NativeLibraries.Requirement, Replacement = NativeLibraries.Replacement;
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
            checks.Add(Row(o, copy, cxx, repairs.GetValueOrDefault(copy.Path)));
        // Patched copies written into the kit's cache are no copy on the list; report what was done.
        foreach (var (path, note) in repairs.Where(r => !copies.Any(c => c.Path == r.Key)))
            checks.Add(new DoctorCheck($"{name} (kit's patched copy)", CheckStatus.Fixed, $"{path}: {note}"));
        return checks;
    }

    /// <summary>Restores package files older kits patched, then writes patched copies where needed; returns a note per file written (or that failed).</summary>
    public static IReadOnlyDictionary<string, string> Repair(DoctorOptions o, SystemCxx cxx)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!o.IsLinux) return notes;
        foreach (var copy in NativeCopies.Find(o).Where(c => c.Kind == CopyKind.Package).ToList())
            Try(notes, copy.Path, () => RestorePackageFile(o, copy));
        if (cxx.Path is null || cxx.Error is not null) return notes;
        foreach (var copy in NativeCopies.Find(o).ToList())
            Try(notes, copy.Path, () =>
            {
                if (Assess(copy.Path, cxx.Versions).Verdict != Verdict.NeedsPatch) return null;
                var target = NativeLibraries.PatchedCopy(copy.Path, o.NativesCache);
                if (File.Exists(target) || notes.ContainsKey(target)) return null;
                NativeLibraries.WritePatchedCopy(copy.Path, target);
                notes[target] = $"patched {Requirement} → {Replacement} from {copy.Path}; the kit loads it where the original does not";
                return null;
            });
        return notes;
    }

    static void Try(Dictionary<string, string> notes, string path, Func<string?> repair)
    {
        try
        {
            if (repair() is { } note) notes[path] = note;
        }
        catch (Exception e) when (ReadErrors.Is(e))
        {
            notes[path] = $"--fix failed: {e.Message}";
        }
    }

    /// <summary>Puts the restored bytes back into a package file that differs from its .nupkg's (an older kit patched it in place).</summary>
    static string? RestorePackageFile(DoctorOptions o, NativeCopy copy)
    {
        var original = PackageOriginal.Read(o, copy.Version!, copy.Path);
        if (original is null || File.ReadAllBytes(copy.Path).AsSpan().SequenceEqual(original)) return null;
        var tmp = copy.Path + ".nbk-tmp";
        File.WriteAllBytes(tmp, original);
        File.Move(tmp, copy.Path, overwrite: true);
        return "restored the file as the package ships it (an older kit had patched it in place)";
    }

    static DoctorCheck Row(DoctorOptions o, NativeCopy copy, SystemCxx cxx, string? repair)
    {
        var name = $"{NativeCopies.FileName} ({copy.Label})";
        Verdict verdict;
        string detail;
        try
        {
            if (repair is not null && repair.StartsWith("--fix failed", StringComparison.Ordinal))
                return DoctorCheck.Broken(name, $"{copy.Path}: {repair}", "See the message; restoring TorchSharp again (delete its package folder, then `dotnet build`) also works.");
            if (copy.Kind == CopyKind.Package && repair is null && PackageOriginal.Read(o, copy.Version!, copy.Path) is { } original
                && !File.ReadAllBytes(copy.Path).AsSpan().SequenceEqual(original))
                return DoctorCheck.Warning(name, $"changed since restore (an older kit's doctor patched it in place, for every TorchSharp project of this user) — {copy.Path}",
                    "Run `notebookkit doctor --fix` to put the package's own file back; the kit then loads its own patched copy.");
            (verdict, detail) = Assess(copy.Path, cxx.Versions);
        }
        catch (Exception e) when (ReadErrors.Is(e))
        {
            return DoctorCheck.Broken(name, $"{copy.Path} is unreadable or not an ELF library: {e.Message}",
                "Delete the file and run `dotnet build` in the repository to restore it.");
        }
        detail = $"{detail} — {copy.Path}";
        if (repair is not null) return new(name, CheckStatus.Fixed, $"{repair} — {copy.Path}");
        return verdict switch
        {
            Verdict.Loadable => DoctorCheck.Ok(name, detail),
            Verdict.NeedsPatch when File.Exists(NativeLibraries.PatchedCopy(copy.Path, o.NativesCache)) =>
                DoctorCheck.Ok(name, $"{detail}; the kit loads its patched copy {NativeLibraries.PatchedCopy(copy.Path, o.NativesCache)}"),
            Verdict.NeedsPatch => DoctorCheck.Broken(name, detail, "Run `notebookkit doctor --fix` to write a patched copy into the kit's cache (the package stays as restored)."),
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
}
