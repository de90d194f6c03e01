using NotebookKit.Cli.Notebooks;
using NotebookKit.Platform;

namespace NotebookKit.Cli.Workshop;

/// <summary>
/// Puts a bundle's weights into the kit's cache and its datasets into the clone's data/ (git-ignored), where the
/// notebooks find them. The setup scripts verify SHA256SUMS before this runs.
/// </summary>
static class WorkshopInstaller
{
    public static IEnumerable<string> Install(RepoLayout repo, string folder)
    {
        var bundle = new Bundle(Path.GetFullPath(folder));
        var manifest = bundle.ReadManifest();
        Directory.CreateDirectory(KitPaths.WeightsCache);
        foreach (var (id, file) in manifest.Models)
        {
            File.Copy(Path.Combine(bundle.Weights, file), Path.Combine(KitPaths.WeightsCache, file), overwrite: true);
            yield return $"weights of {id} → {Path.Combine(KitPaths.WeightsCache, file)}";
        }
        foreach (var name in manifest.Datasets)
        {
            var target = Path.Combine(repo.Root, "data", name);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Bundle.CopyTree(Path.Combine(bundle.Datasets, name), target);
            yield return $"dataset {name} → {target}";
        }
    }
}
