using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookKit.Data.Downloads;

/// <summary>The public datasets the kit can download (<c>data/catalog.json</c>; a copy is embedded in the library).</summary>
public sealed class DatasetCatalog(IReadOnlyList<DatasetEntry> entries)
{
    public IReadOnlyList<DatasetEntry> Entries { get; } = entries;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    sealed record CatalogFile(List<DatasetEntry> Datasets);

    /// <summary>Reads a catalog file. Throws <see cref="DataException"/> naming the entry and field at fault.</summary>
    public static DatasetCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <summary>The catalog shipped inside the library (the repository's data/catalog.json at build time).</summary>
    public static DatasetCatalog Default { get; } = LoadEmbedded();

    static DatasetCatalog LoadEmbedded()
    {
        using var stream = typeof(DatasetCatalog).Assembly.GetManifestResourceStream("NotebookKit.catalog.json")
            ?? throw new InvalidOperationException("The embedded dataset catalog is missing from the NotebookKit assembly.");
        return Parse(stream, "embedded catalog.json");
    }

    static DatasetCatalog Parse(Stream stream, string source)
    {
        CatalogFile? file;
        try { file = JsonSerializer.Deserialize<CatalogFile>(stream, Json); }
        catch (JsonException e) { throw new DataException($"{source} is not a valid dataset catalog: {e.Message}", source, e); }
        var entries = file?.Datasets ?? throw new DataException($"{source} has no \"datasets\" array.", source);
        foreach (var e in entries) Validate(e, source);
        var twice = entries.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new DataException($"{source} lists '{twice.Key}' more than once.", source);
        return new DatasetCatalog(entries);
    }

    static void Validate(DatasetEntry e, string source)
    {
        void Require(bool ok, string what)
        {
            if (!ok) throw new DataException($"{source}: dataset '{e.Name ?? "?"}' {what}.", source);
        }
        Require(!string.IsNullOrWhiteSpace(e.Name), "needs a name");
        Require(!string.IsNullOrWhiteSpace(e.Title), "needs a title");
        Require(!string.IsNullOrWhiteSpace(e.License), "needs a licence");
        Require(Uri.TryCreate(e.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp), "needs an absolute http(s) url");
        Require(e.Sha256 is null || e.Sha256.Length == 64 && e.Sha256.All(Uri.IsHexDigit), "has a sha256 that is not 64 hex digits (use null when unknown)");
        Require(e.Labels != LabelRule.FileNameCase || e.CaseClasses is [_, _], "needs caseClasses [upper, lower] for file-name-case labels");
    }

    /// <summary>The entry called <paramref name="name"/> (case-insensitive), or a DataException listing the names.</summary>
    public DatasetEntry Find(string name) =>
        Entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new DataException($"No dataset '{name}' in the catalog. Known: {string.Join(", ", Entries.Select(e => e.Name))}.", name);
}
