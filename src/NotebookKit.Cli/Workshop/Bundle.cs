using System.Text.Json;
using NotebookKit.Models;

namespace NotebookKit.Cli.Workshop;

/// <summary>What a bundle holds, written last by <c>workshop pack</c>: its presence means the bundle is complete.</summary>
/// <param name="Models">Model id → weights file name in weights/.</param>
sealed record BundleManifest(string Commit, DateTime CreatedUtc, IReadOnlyList<string> Runtimes,
    IReadOnlyDictionary<string, string> Models, IReadOnlyList<string> Datasets, int Packages);

/// <summary>
/// The folders of a workshop bundle. packages/ is a flat local NuGet source; SHA256SUMS (sha256sum's format) covers
/// every file, so the setup scripts check a copied bundle before using it; runtimes.txt lists one runtime per line
/// for them, before anything is built.
/// </summary>
sealed record Bundle(string Root)
{
    public string Packages => Path.Combine(Root, "packages");
    public string Weights => Path.Combine(Root, "weights");
    public string Datasets => Path.Combine(Root, "datasets");
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Readme => Path.Combine(Root, "README.md");
    public string Checksums => Path.Combine(Root, "SHA256SUMS");
    public string RuntimesFile => Path.Combine(Root, "runtimes.txt");
    public string ManifestFile => Path.Combine(Root, "bundle.json");

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public BundleManifest ReadManifest() => File.Exists(ManifestFile)
        ? JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(ManifestFile), Json) ?? throw new InvalidDataException($"{ManifestFile} is empty.")
        : throw new FileNotFoundException($"{Root} is not a finished workshop bundle (no bundle.json): make one with 'notebookkit workshop pack {Root}'.");

    public void WriteManifest(BundleManifest manifest) => File.WriteAllText(ManifestFile, JsonSerializer.Serialize(manifest, Json));

    /// <summary>Writes SHA256SUMS for every file but itself and bundle.json (written after it).</summary>
    public void WriteChecksums()
    {
        var lines = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => f != Checksums && f != ManifestFile)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => $"{WeightsFile.Sha256Of(Path.Combine(Root, rel))}  {rel}");
        File.WriteAllLines(Checksums, lines);
    }

    /// <summary>Total bytes of the files under <paramref name="folder"/> (0 when it does not exist).</summary>
    public static long SizeOf(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : 0;

    /// <summary>Copies a folder tree; <paramref name="to"/> must not exist yet.</summary>
    public static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
