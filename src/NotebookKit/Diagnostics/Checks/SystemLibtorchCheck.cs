using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>
/// A libtorch outside the kit (Debian's python3-torch, a conda env on LD_LIBRARY_PATH, an ldconfig entry) whose
/// libc10.so the loader could pick instead of TorchSharp's, failing with "undefined symbol c10::Error::what".
/// </summary>
internal static class SystemLibtorchCheck
{
    const string Name = "System libtorch";
    static readonly string[] Markers = ["libc10.so", "libtorch_cpu.so"];

    public static DoctorCheck Run(DoctorOptions o)
    {
        if (!o.IsLinux) return DoctorCheck.Ok(Name, "not checked on this OS (shadowing was only seen with the Linux loader)");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in (o.RunProcess("ldconfig", "-p") ?? o.RunProcess("/sbin/ldconfig", "-p") ?? "").Split('\n'))
        {
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0 && Markers.Any(m => line.TrimStart().StartsWith(m, StringComparison.Ordinal)))
                found.Add($"{Path.GetDirectoryName(line[(arrow + 2)..].Trim())} (ldconfig)");
        }
        var root = Path.GetFullPath(o.PackagesRoot);
        foreach (var dir in (o.LdLibraryPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (HasLibtorch(dir) && !Path.GetFullPath(dir).StartsWith(root, StringComparison.Ordinal))
                found.Add($"{dir} (LD_LIBRARY_PATH)");
        foreach (var dir in o.SystemTorchFolders.Where(HasLibtorch))
            found.Add(dir);

        if (found.Count == 0) return DoctorCheck.Ok(Name, "none found (ldconfig, LD_LIBRARY_PATH, python3-torch)");
        return DoctorCheck.Ok(Name,
            $"found {string.Join(", ", found)}; the kit is not affected: it preloads TorchSharp's own libtorch by full path",
            $"Other programs loading TorchSharp without the kit: export LD_LIBRARY_PATH={KitFolders(o)}:$LD_LIBRARY_PATH (and drop any foreign torch folder from it).");
    }

    static bool HasLibtorch(string dir) => Markers.Any(m => File.Exists(Path.Combine(dir, m)));

    static string KitFolders(DoctorOptions o)
    {
        var libtorch = Packages.Libtorch(o.PackagesRoot, o.RuntimeIdentifier).FirstOrDefault();
        var torchSharp = Packages.Versions(o.PackagesRoot, "torchsharp").FirstOrDefault();
        return string.Join(':', new[]
        {
            libtorch.Id is null ? null : Packages.NativeFolder(o.PackagesRoot, libtorch.Id, libtorch.Version, o.RuntimeIdentifier),
            torchSharp is null ? null : Packages.NativeFolder(o.PackagesRoot, "torchsharp", torchSharp, o.RuntimeIdentifier),
        }.OfType<string>());
    }
}
