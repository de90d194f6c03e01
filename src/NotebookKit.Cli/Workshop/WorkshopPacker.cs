using NotebookKit.Notebooks;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Models;
using NotebookKit.Platform;

namespace NotebookKit.Cli.Workshop;

/// <summary>What to pack: runtimes (linux-x64, win-x64, osx-arm64), datasets (catalog names or folders), model ids.</summary>
sealed record PackOptions(IReadOnlyList<string> Runtimes, IReadOnlyList<string> Datasets, IReadOnlyList<string> Models);

/// <summary>One line of the size report.</summary>
sealed record BundlePart(string Name, long Bytes, string Detail);

/// <summary>
/// Writes a workshop bundle: everything a laptop needs to set the kit up with no network. The package list is not
/// guessed: it is what restore resolved for the solution and for the notebooks' #r lines (read from the assets
/// files), plus the pinned tools, with libtorch's natives only for the chosen runtimes.
/// </summary>
static class WorkshopPacker
{
    static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(30);

    public static IReadOnlyList<BundlePart> Pack(RepoLayout repo, string folder, PackOptions options, Action<string> log, CancellationToken ct = default)
    {
        var unknown = options.Runtimes.Except(LibtorchRuntimes.Cpu).ToList();
        if (options.Runtimes.Count == 0 || unknown.Count > 0)
            throw new ArgumentException($"Unknown runtime '{string.Join(", ", unknown)}': choose from {string.Join(", ", LibtorchRuntimes.Cpu)} (--rid linux-x64,win-x64).");
        foreach (var id in options.Models) Pretrained.Get(id); // an unknown id fails here, before anything is written
        var sources = options.Datasets.Select(d => FindDataset(repo, d, log, ct)).ToList();
        var datasets = sources.Select(source => Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar))).ToList();
        if (datasets.Distinct(StringComparer.OrdinalIgnoreCase).Count() != datasets.Count)
            throw new ArgumentException($"Two datasets have the same folder name ({string.Join(", ", sources)}); rename one.");
        OutputLocation.CheckFolder(folder, "the bundle folder");
        foreach (var source in sources) OutputLocation.CheckOutsideData(folder, source, "the bundle folder");
        var target = Target(repo, folder);

        log("restoring the solution and the tools (the packages come from what restore resolves)");
        Dotnet(repo.Root, ct, "restore", Path.Combine(repo.Root, "NotebookKit.sln"));
        Dotnet(repo.Root, ct, "tool", "restore");
        var packages = SolutionPackages(repo).Concat(NotebookAndNativePackages(repo, options.Runtimes, ct)).ToHashSet();
        var tools = NuGetInventory.FromToolManifest(File.ReadAllText(Path.Combine(repo.Root, ".config", "dotnet-tools.json"))).ToHashSet();
        var natives = options.Runtimes.Select(LibtorchRuntimes.CpuPackage).ToHashSet();
        var otherNatives = LibtorchRuntimes.Cpu.Select(LibtorchRuntimes.CpuPackage).Except(natives).ToHashSet();
        packages.UnionWith(tools);
        packages.RemoveWhere(p => otherNatives.Contains(p.Id));
        CheckNatives(packages, options.Runtimes, log);

        var bundle = new Bundle(Prepare(target));
        CopyPackages(packages, bundle.Packages);
        log($"copied {packages.Count} packages into {bundle.Packages}");

        var models = options.Models.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(id => id, id => CopyWeights(id, bundle.Weights, log));
        foreach (var (source, name) in sources.Zip(datasets))
        {
            Bundle.CopyTree(source, Path.Combine(bundle.Datasets, name));
            log($"dataset {name}: {source}");
        }
        Directory.CreateDirectory(bundle.Notebooks);
        foreach (var nb in Directory.GetFiles(repo.Notebooks, "*.ipynb")) File.Copy(nb, Path.Combine(bundle.Notebooks, Path.GetFileName(nb)));

        var manifest = new BundleManifest(Commit(repo), DateTime.UtcNow, options.Runtimes, models, datasets, packages.Count);
        File.WriteAllText(bundle.Readme, TeacherReadme.Text(manifest));
        File.WriteAllLines(bundle.RuntimesFile, options.Runtimes);
        log("writing SHA256SUMS");
        bundle.WriteChecksums();
        bundle.WriteManifest(manifest);
        return Sizes(bundle, manifest, packages, natives, tools);
    }

    static IReadOnlyList<BundlePart> Sizes(Bundle bundle, BundleManifest manifest, IReadOnlyCollection<PackageId> packages, IReadOnlySet<string> natives, IReadOnlySet<PackageId> tools)
    {
        long Size(PackageId p) => new FileInfo(Path.Combine(bundle.Packages, p.FileName)).Length;
        var others = packages.Where(p => !natives.Contains(p.Id) && !tools.Contains(p)).OrderByDescending(Size).ToList();
        return
        [
            new("libtorch natives", packages.Where(p => natives.Contains(p.Id)).Sum(Size), string.Join(", ", natives.Order())),
            new("notebook tools", tools.Sum(Size), string.Join(", ", tools)),
            new("other packages", others.Sum(Size), $"{others.Count} packages; largest {string.Join(", ", others.Take(3).Select(p => p.Id))}"),
            new("weights", Bundle.SizeOf(bundle.Weights), string.Join(", ", manifest.Models.Keys)),
            new("datasets", Bundle.SizeOf(bundle.Datasets), string.Join(", ", manifest.Datasets)),
            new("notebooks, README, checksums", Bundle.SizeOf(bundle.Notebooks)
                + new[] { bundle.Readme, bundle.Checksums, bundle.RuntimesFile, bundle.ManifestFile }.Sum(f => new FileInfo(f).Length), ""),
        ];
    }

    /// <summary>The bundle folder, checked before anything is restored: new, empty, or an older bundle. Never inside the repository.</summary>
    static string Target(RepoLayout repo, string folder)
    {
        var full = Path.GetFullPath(folder);
        if ((full + Path.DirectorySeparatorChar).StartsWith(repo.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"{full} is inside the repository; put the bundle elsewhere (it holds packages and photos that must never be committed).");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(new Bundle(full).ManifestFile))
            throw new IOException($"{full} exists and is not a workshop bundle; pick an empty or new folder.");
        return full;
    }

    /// <summary>The checked bundle folder, emptied (an older bundle is replaced).</summary>
    static string Prepare(string full)
    {
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
        Directory.CreateDirectory(full);
        return full;
    }

    /// <summary>
    /// Refuses runtimes whose TorchSharp native library imports torch/c10 symbols their libtorch does not export, naming
    /// them, before the bundle folder is touched. Without the LLVM readers the check cannot run: said, not fatal.
    /// </summary>
    static void CheckNatives(IReadOnlyCollection<PackageId> packages, IReadOnlyList<string> runtimes, Action<string> log)
    {
        if (!NativeImports.ToolsAvailable())
        {
            log($"not checked whether TorchSharp's natives link against libtorch for {string.Join(", ", runtimes)}: install {NativeImports.Tools}");
            return;
        }
        PackageId Resolved(string id) => packages.FirstOrDefault(p => p.Id == id) ?? throw new InvalidOperationException($"restore resolved no {id}.");
        var torchSharp = Resolved("torchsharp");
        var failed = new List<string>();
        foreach (var rid in runtimes)
        {
            var libtorch = Resolved(LibtorchRuntimes.CpuPackage(rid));
            var report = NativeImports.Check(rid,
                Path.Combine(KitPaths.NuGetPackagesRoot, torchSharp.Id, torchSharp.Version, "runtimes", rid, "native"),
                Path.Combine(KitPaths.NuGetPackagesRoot, libtorch.Id, libtorch.Version, "runtimes", rid, "native"));
            log(report.ToString());
            if (!report.Resolves) failed.Add(report.ToString());
        }
        if (failed.Count > 0)
            throw new InvalidOperationException($"Refused: TorchSharp {torchSharp.Version}'s native library would not load on {string.Join(" and ", failed)}. " +
                "Pack without those runtimes (--rid), or pin a TorchSharp and libtorch pair that match in Directory.Packages.props.");
    }

    static IEnumerable<PackageId> SolutionPackages(RepoLayout repo)
    {
        foreach (var project in File.ReadAllLines(Path.Combine(repo.Root, "NotebookKit.sln")).Select(l => l.Split('"')).Where(p => p.Length > 5 && p[5].EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var assets = Path.Combine(repo.Root, Path.GetDirectoryName(project[5].Replace('\\', Path.DirectorySeparatorChar))!, "obj", "project.assets.json");
            foreach (var p in NuGetInventory.FromAssets(File.ReadAllText(assets))) yield return p;
        }
    }

    /// <summary>
    /// Restores a throw-away project, outside the repository like the notebook kernel's own restore, that references
    /// the notebooks' #r packages and downloads the chosen runtimes' natives. NotebookKit itself is left out: its
    /// package is packed on each laptop from the library, whose packages the solution restore already covers.
    /// </summary>
    static IEnumerable<PackageId> NotebookAndNativePackages(RepoLayout repo, IReadOnlyList<string> runtimes, CancellationToken ct)
    {
        var references = Directory.GetFiles(repo.Notebooks, "*.ipynb").SelectMany(nb => NuGetInventory.FromNotebook(File.ReadAllText(nb)))
            .Where(p => p.Id != "notebookkit").Distinct()
            .Select(p => $"""    <PackageReference Include="{p.Id}" Version="[{p.Version}]" />""");
        var props = Path.Combine(repo.Root, "Directory.Packages.props");
        var downloads = runtimes.Select(LibtorchRuntimes.CpuPackage)
            .Select(id => $"""    <PackageDownload Include="{id}" Version="[{NuGetInventory.PinnedVersion(props, id)}]" />""");
        var probe = Directory.CreateTempSubdirectory("notebookkit-workshop-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(probe, "probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup>
                {string.Join('\n', references.Concat(downloads))}
                  </ItemGroup>
                </Project>
                """);
            Dotnet(probe, ct, "restore");
            return NuGetInventory.FromAssets(File.ReadAllText(Path.Combine(probe, "obj", "project.assets.json"))).ToList();
        }
        finally { Directory.Delete(probe, recursive: true); }
    }

    static void CopyPackages(IEnumerable<PackageId> packages, string into)
    {
        Directory.CreateDirectory(into);
        foreach (var p in packages)
        {
            var nupkg = p.NupkgIn(KitPaths.NuGetPackagesRoot);
            if (!File.Exists(nupkg)) throw new FileNotFoundException($"{nupkg} is missing although restore resolved {p}; delete {Path.GetDirectoryName(nupkg)} and pack again.");
            File.Copy(nupkg, Path.Combine(into, p.FileName));
        }
    }

    static string CopyWeights(string id, string into, Action<string> log)
    {
        var cached = Pretrained.CachedWeights(id);
        Directory.CreateDirectory(into);
        File.Copy(cached, Path.Combine(into, Path.GetFileName(cached)));
        log($"weights of {id}: {cached}");
        return Path.GetFileName(cached);
    }

    /// <summary>A dataset's folder: a path, or a name as the notebooks find it; a catalog dataset not found is downloaded into data/ first.</summary>
    static string FindDataset(RepoLayout repo, string nameOrPath, Action<string> log, CancellationToken ct)
    {
        if (Directory.Exists(nameOrPath)) return Path.GetFullPath(nameOrPath);
        try { return Kit.DataPath(nameOrPath); }
        catch (DataException) when (DatasetCatalog.Default.Entries.Any(e => e.Name.Equals(nameOrPath, StringComparison.OrdinalIgnoreCase)))
        {
            var entry = DatasetCatalog.Default.Find(nameOrPath);
            var destination = Path.Combine(repo.Root, "data", entry.Name);
            log($"downloading {entry.Name} ({entry.License}) into {destination}");
            return DatasetDownloader.DownloadAsync(entry, destination, cancellationToken: ct).GetAwaiter().GetResult().Path;
        }
    }

    static string Commit(RepoLayout repo)
    {
        var git = ProcessResult.Run("git", ["rev-parse", "--short", "HEAD"], repo.Root, TimeSpan.FromMinutes(1));
        return git.ExitCode == 0 ? git.Output.Trim() : "unknown";
    }

    static void Dotnet(string workingDirectory, CancellationToken ct, params string[] arguments)
    {
        var r = ProcessResult.Run("dotnet", arguments, workingDirectory, RestoreTimeout, cancellationToken: ct);
        if (r.ExitCode != 0 || r.TimedOut)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {workingDirectory}:\n{string.Join('\n', r.Output.Split('\n').TakeLast(20))}");
    }
}
