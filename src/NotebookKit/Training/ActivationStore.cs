using System.Security.Cryptography;
using System.Text;
using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Outputs of a frozen prefix of layer groups, one row per image, remembered per image so that any dataset made of
/// known images — a split, a subset, a fold, every split at once — is served without running the prefix again.
/// A table is named by what determines its rows (model, the prefix's weights, the pipeline, the precision); a row by
/// the image file's path, size and modification time, so a changed photo is recomputed, never served stale.
/// With a folder, tables persist as shard files (one per computation, written whole then renamed), so later runs
/// and other processes reuse them; without one they live as long as the store.
/// </summary>
public sealed class ActivationStore(string? directory) : IDisposable
{
    static readonly byte[] Magic = "NKACT1\n"u8.ToArray();
    readonly Dictionary<string, List<Shard>> tables = [];

    /// <summary>The folder shards are kept in, or null for memory only.</summary>
    public string? Directory { get; } = directory;

    /// <summary>A table name from the things its rows depend on.</summary>
    public static string TableName(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", parts))))[..24];

    /// <summary>An image's row key: its path, size and modification time.</summary>
    public static string RowKey(ImageSample sample)
    {
        var info = new FileInfo(sample.Path);
        return $"{sample.Path}:{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }

    /// <summary>
    /// The rows of <paramref name="samples"/> in order, as one tensor. Images the table lacks are passed (as indices into
    /// <paramref name="samples"/>) to <paramref name="compute"/>, whose rows are stored; if it returns null (e.g. over a
    /// memory budget) so does this.
    /// </summary>
    /// <param name="persist">False keeps new rows in memory even when the store has a folder (e.g. decoded images).</param>
    public Tensor? Rows(string table, IReadOnlyList<ImageSample> samples, Func<int[], Tensor?> compute, bool persist = true)
    {
        if (samples.Count == 0) return null;
        var shards = Table(table);
        var keys = samples.Select(RowKey).ToArray();
        var where = new (Shard Shard, int Row)?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
            foreach (var s in shards)
                if (s.Index.TryGetValue(keys[i], out var row)) { where[i] = (s, row); break; }
        var missing = Enumerable.Range(0, keys.Length).Where(i => where[i] is null).ToArray();
        if (missing.Length > 0)
        {
            if (compute(missing) is not { } computed) return null;
            var shard = new Shard([.. missing.Select(i => keys[i])], computed);
            if (persist) Save(table, shard);
            shards.Add(shard);
            for (var k = 0; k < missing.Length; k++) where[missing[k]] = (shard, k);
        }
        var first = where[0]!.Value;
        // The common case, a dataset computed in one go: hand out the shard itself (a second handle on its storage), not a copy.
        if (first.Shard.Data.shape[0] == keys.Length && Enumerable.Range(0, keys.Length).All(i => where[i]!.Value.Shard == first.Shard && where[i]!.Value.Row == i))
            return first.Shard.Data.alias();
        using var scope = NewDisposeScope();
        var result = empty([keys.Length, .. first.Shard.Data.shape.Skip(1)], first.Shard.Data.dtype);
        foreach (var group in Enumerable.Range(0, keys.Length).GroupBy(i => where[i]!.Value.Shard))
        {
            var positions = tensor(group.Select(i => (long)i).ToArray());
            var rows = tensor(group.Select(i => (long)where[i]!.Value.Row).ToArray());
            result.index_copy_(0, positions, group.Key.Data.index_select(0, rows));
        }
        return result.MoveToOuterDisposeScope();
    }

    List<Shard> Table(string table)
    {
        if (tables.TryGetValue(table, out var shards)) return shards;
        shards = [];
        if (Directory is not null && System.IO.Directory.Exists(Path.Combine(Directory, table)))
            foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Directory, table), "*.bin").Order(StringComparer.Ordinal))
                if (TryLoad(file) is { } s) shards.Add(s);
        tables[table] = shards;
        return shards;
    }

    void Save(string table, Shard shard)
    {
        if (Directory is null) return;
        var folder = Path.Combine(Directory, table);
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.bin");
        var tmp = path + $".{Environment.ProcessId}.tmp";
        using (var writer = new BinaryWriter(File.Create(tmp)))
        {
            writer.Write(Magic);
            writer.Write(shard.Keys.Length);
            foreach (var k in shard.Keys) writer.Write(k);
            shard.Data.Save(writer);
        }
        File.Move(tmp, path);
    }

    /// <summary>A shard, or null for a torn or foreign file (which is deleted, so it is recomputed once).</summary>
    static Shard? TryLoad(string file)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException();
            var keys = new string[reader.ReadInt32()];
            for (var i = 0; i < keys.Length; i++) keys[i] = reader.ReadString();
            var data = Tensor.Load(reader);
            if (data.shape[0] != keys.Length) { data.Dispose(); throw new InvalidDataException(); }
            return new Shard(keys, data);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or ArgumentException or FormatException)
        {
            try { File.Delete(file); } catch (IOException) { }
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var s in tables.Values.SelectMany(t => t)) s.Data.Dispose();
        tables.Clear();
    }

    sealed class Shard(string[] keys, Tensor data)
    {
        public string[] Keys { get; } = keys;
        public Tensor Data { get; } = data;
        public Dictionary<string, int> Index { get; } = keys.Select((k, i) => (k, i)).DistinctBy(t => t.k).ToDictionary(t => t.k, t => t.i);
    }
}
