using System.ComponentModel;
using System.Diagnostics;

namespace NotebookKit.Cli.Workshop;

/// <summary>How LibTorchSharp of one runtime links against that runtime's libtorch: imports checked and those no library exports.</summary>
sealed record NativeImportReport(string Runtime, string LibTorchSharp, int Imports, IReadOnlyList<string> Missing)
{
    public bool Resolves => Missing.Count == 0;

    public override string ToString() => Resolves
        ? $"{Runtime}: all {Imports} torch/c10 imports of {Path.GetFileName(LibTorchSharp)} resolve"
        : $"{Runtime}: {Missing.Count} of {Imports} torch/c10 imports of {LibTorchSharp} are exported by no libtorch library: {string.Join(", ", Missing.Take(20))}{(Missing.Count > 20 ? ", …" : "")}";
}

/// <summary>
/// Reads which torch/c10 symbols TorchSharp's native library imports, for linux-x64 (ELF), win-x64 (PE) and osx-arm64
/// (Mach-O), and checks each against what that runtime's libtorch exports, with LLVM's readers (llvm-nm, llvm-readobj:
/// Debian's `llvm` package), which read every format on any OS. A library that loads on one runtime may still miss
/// symbols on another (TorchSharp issue #1567: a Windows LibTorchSharp.dll asking for symbols its torch_cpu.dll lacks),
/// and nothing on a Linux machine would otherwise notice before a workshop laptop does.
/// </summary>
static class NativeImports
{
    public const string Tools = "llvm-nm and llvm-readobj (Debian/Ubuntu: apt-get install llvm; macOS: brew install llvm; Windows: the LLVM installer)";

    /// <summary>Whether the LLVM readers can be run here.</summary>
    public static bool ToolsAvailable() => TryRun("llvm-nm", ["--version"]) is not null && TryRun("llvm-readobj", ["--version"]) is not null;

    /// <summary>
    /// Checks <paramref name="torchSharpNative"/> (TorchSharp's runtimes/RID/native folder) against
    /// <paramref name="libtorchNative"/> (libtorch-cpu-RID's). Throws when a reader fails or the library is missing.
    /// </summary>
    public static NativeImportReport Check(string runtime, string torchSharpNative, string libtorchNative)
    {
        var (file, imports, exports) = runtime switch
        {
            "linux-x64" => Elf(torchSharpNative, libtorchNative),
            "win-x64" => Pe(torchSharpNative, libtorchNative),
            "osx-arm64" => MachO(torchSharpNative, libtorchNative),
            _ => throw new ArgumentException($"No native import check for runtime '{runtime}'."),
        };
        var missing = imports.Where(i => !exports(i.Library).Contains(i.Symbol)).Select(i => i.Symbol).Distinct().Order(StringComparer.Ordinal).ToList();
        return new(runtime, file, imports.Count, missing);
    }

    /// <summary>ELF names no library per import: libtorch's symbols are the unversioned ones (the C and C++ runtimes' carry @GLIBC_…, @GLIBCXX_…).</summary>
    static (string, IReadOnlyList<(string Library, string Symbol)>, Func<string, IReadOnlySet<string>>) Elf(string sharp, string torch)
    {
        var file = Existing(sharp, "libLibTorchSharp.so");
        var imports = Lines("llvm-nm", "-D", "--undefined-only", file).Select(Columns)
            .Where(c => c is [.., "U", var name] && !name.Contains('@')).Select(c => ("libtorch", c[^1])).ToList();
        // The libtorch libraries it links against (DT_NEEDED); each must be there, and together they must export the imports.
        var needed = Lines("llvm-readobj", "--needed-libs", file).Select(l => l.Trim()).Where(l => l.StartsWith("lib", StringComparison.Ordinal))
            .Select(l => Path.Combine(torch, l)).Where(f => File.Exists(f) || Path.GetFileName(f) is "libtorch.so" or "libtorch_cpu.so" or "libc10.so").ToList();
        foreach (var f in needed.Where(f => !File.Exists(f))) throw new FileNotFoundException($"{f} is missing although {file} links against it.", f);
        var exported = needed.SelectMany(Defined).ToHashSet(StringComparer.Ordinal);
        return (file, imports, _ => exported);
    }

    /// <summary>PE imports name their DLL; those of libtorch's DLLs (c10.dll, torch_cpu.dll, …) must be in that DLL's export table.</summary>
    static (string, IReadOnlyList<(string Library, string Symbol)>, Func<string, IReadOnlySet<string>>) Pe(string sharp, string torch)
    {
        var file = Existing(sharp, "LibTorchSharp.dll");
        var dlls = Directory.GetFiles(torch, "*.dll").ToDictionary(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase);
        var imports = new List<(string, string)>();
        string? library = null;
        foreach (var line in Lines("llvm-readobj", "--coff-imports", file).Select(l => l.Trim()))
        {
            if (line.StartsWith("Name: ", StringComparison.Ordinal)) library = line["Name: ".Length..];
            else if (line.StartsWith("Symbol: ", StringComparison.Ordinal) && library is not null && dlls.ContainsKey(library))
                imports.Add((library, line["Symbol: ".Length..].Split(" (")[0]));
        }
        var cache = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        IReadOnlySet<string> Exports(string dll) => cache.TryGetValue(dll, out var set) ? set : cache[dll] =
            Lines("llvm-readobj", "--coff-exports", dlls[dll]).Select(l => l.Trim()).Where(l => l.StartsWith("Name: ", StringComparison.Ordinal))
                .Select(l => l["Name: ".Length..]).ToHashSet(StringComparer.Ordinal);
        return (file, imports, Exports);
    }

    /// <summary>Mach-O's two-level namespace names each import's dylib ("(from libc10)"); those of libtorch's dylibs must be exported by it.</summary>
    static (string, IReadOnlyList<(string Library, string Symbol)>, Func<string, IReadOnlySet<string>>) MachO(string sharp, string torch)
    {
        var file = Existing(sharp, "libLibTorchSharp.dylib");
        var dylibs = Directory.GetFiles(torch, "*.dylib").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        var imports = new List<(string, string)>();
        foreach (var line in Lines("llvm-nm", "-m", "--undefined-only", file))
        {
            var from = line.LastIndexOf("(from ", StringComparison.Ordinal);
            var external = line.IndexOf("external ", StringComparison.Ordinal);
            if (from < 0 || external < 0) continue;
            var library = line[(from + "(from ".Length)..].TrimEnd(')', ' ');
            if (dylibs.ContainsKey(library)) imports.Add((library, line[(external + "external ".Length)..from].Trim()));
        }
        var cache = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        IReadOnlySet<string> Exports(string dylib) => cache.TryGetValue(dylib, out var set) ? set : cache[dylib] = Defined(dylibs[dylib]).ToHashSet(StringComparer.Ordinal);
        return (file, imports, Exports);
    }

    /// <summary>A library's exported (global, defined) symbols.</summary>
    static IEnumerable<string> Defined(string library) =>
        Lines("llvm-nm", library.EndsWith(".dylib", StringComparison.Ordinal) ? "-g" : "-D", "--defined-only", library).Select(Columns).Where(c => c.Length >= 3).Select(c => c[^1]);

    static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static string Existing(string folder, string name)
    {
        var file = Path.Combine(folder, name);
        return File.Exists(file) ? file : throw new FileNotFoundException($"{file} is missing: restore TorchSharp again (delete its folder in the NuGet packages folder, then dotnet restore).", file);
    }

    static string[] Lines(string tool, params string[] arguments) =>
        (TryRun(tool, arguments) ?? throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed or is missing: install {Tools}."))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The tool's standard output, or null when it is missing or fails.</summary>
    static string? TryRun(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(entireProcessTree: true); return null; }
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (Win32Exception) { return null; }
    }
}
