using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Cli.Workshop;

/// <summary>A package as the NuGet global packages folder stores it: id and normalized version, lower case.</summary>
sealed record PackageId
{
    public PackageId(string id, string version) => (Id, Version) = (id.ToLowerInvariant(), version.ToLowerInvariant());

    public string Id { get; }
    public string Version { get; }

    public string FileName => $"{Id}.{Version}.nupkg";

    /// <summary>The .nupkg that restore keeps next to the extracted package.</summary>
    public string NupkgIn(string packagesRoot) => Path.Combine(packagesRoot, Id, Version, FileName);

    public override string ToString() => $"{Id} {Version}";
}

/// <summary>Which packages a restore, a tool manifest or a notebook's <c>#r "nuget:"</c> lines need.</summary>
static partial class NuGetInventory
{
    /// <summary>The packages a project.assets.json resolved, and its PackageDownload items (which are not libraries).</summary>
    public static IEnumerable<PackageId> FromAssets(string assetsJson)
    {
        var assets = JsonNode.Parse(assetsJson) ?? throw new InvalidDataException("empty project.assets.json");
        foreach (var (key, library) in assets["libraries"]?.AsObject() ?? [])
            if ((string?)library?["type"] == "package" && key.Split('/') is [var id, var version]) yield return new PackageId(id, version);
        foreach (var (_, framework) in assets["project"]?["frameworks"]?.AsObject() ?? [])
            foreach (var download in framework?["downloadDependencies"]?.AsArray() ?? [])
                yield return new PackageId((string)download!["name"]!, ExactVersion((string)download["version"]!));
    }

    /// <summary>The tools pinned in a dotnet-tools.json manifest.</summary>
    public static IEnumerable<PackageId> FromToolManifest(string manifestJson) =>
        (JsonNode.Parse(manifestJson)?["tools"]?.AsObject() ?? []).Select(t => new PackageId(t.Key, (string)t.Value!["version"]!));

    /// <summary>The packages a notebook's <c>#r "nuget: Id, Version"</c> lines load.</summary>
    public static IEnumerable<PackageId> FromNotebook(string ipynbJson) =>
        (JsonNode.Parse(ipynbJson)?["cells"]?.AsArray() ?? [])
            .SelectMany(cell => NuGetDirective().Matches(NotebookJson.Source(cell)))
            .Select(m => new PackageId(m.Groups[1].Value, m.Groups[2].Value));

    /// <summary>The exact version Directory.Packages.props pins <paramref name="id"/> to (<c>Version="[x]"</c>).</summary>
    public static string PinnedVersion(string propsPath, string id)
    {
        var pinned = XDocument.Load(propsPath).Descendants("PackageVersion")
            .FirstOrDefault(p => string.Equals((string?)p.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase));
        return pinned?.Attribute("Version")?.Value is { } v
            ? ExactVersion(v)
            : throw new InvalidDataException($"{propsPath} pins no version of {id}; add <PackageVersion Include=\"{id}\" Version=\"[x.y.z]\" />.");
    }

    /// <summary>"[1.2.3]" or "[1.2.3, 1.2.3]" → "1.2.3"; anything else is not one exact version.</summary>
    static string ExactVersion(string range)
    {
        var bounds = range.Trim() is ['[', .. var inner, ']'] ? inner.Split(',', StringSplitOptions.TrimEntries) : [];
        return bounds is [_] || bounds is [var low, var high] && low == high
            ? bounds[0]
            : throw new InvalidDataException($"'{range}' is not one exact version such as [1.2.3]: a bundle must hold the very package restore takes.");
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*([^,"\s]+)\s*,\s*([^"\s]+)\s*"\s*$""", RegexOptions.Multiline)]
    private static partial Regex NuGetDirective();
}
