using System.Security.Cryptography;
using System.Text;
using NotebookKit.Data;
using NotebookKit.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Outputs of a frozen prefix of layer groups, one row per image, remembered per image so that any dataset made of
/// known images — a split, a subset, a fold, every split at once — is served without running the prefix again.
/// A table is named by what determines its rows (model, the prefix's weights, the pipeline, the precision); a row by
/// the image file's path and content fingerprint (<see cref="FileFingerprint"/>), so a changed photo is recomputed,
/// never served stale, even when it kept its size and modification time.
/// With a folder, tables persist as shard files (one per computation, checksummed, written whole then renamed), so
/// later runs and other processes reuse them; without one they live as long as the store. The folder is an
/// optimisation, never a reason to fail: a damaged shard is named, deleted and recomputed; a folder that cannot be
/// read or written (full, read-only, missing) gives one warning and the store goes on in memory.
/// A shard that is in a file keeps no rows in memory once they are handed out: the caller's tensor (a learner's cache)
/// is then the only copy, freed with it, and the next request reads the file again. Without a file the store keeps them.
/// </summary>
public sealed class ActivationStore(string? directory) : IDisposable
{
    /// <summary>The shard format tag: version 2 adds the checksum (<see cref="ChecksummedFile"/>) and content-fingerprint keys.</summary>
    static ReadOnlySpan<byte> Magic => "NKACT2\n"u8;
    readonly Dictionary<string, List<Shard>> tables = [];

    /// <summary>The folder shards are kept in, or null for memory only (also after it turned out unusable).</summary>
    public string? Directory { get; private set; } = directory;

    /// <summary>A table name from the things its rows depend on.</summary>
    public static string TableName(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", parts))))[..24];

    /// <summary>An image's row key: its path and content fingerprint (size plus a hash of both ends of the file).</summary>
    public static string RowKey(ImageSample sample) => $"{sample.Path}:{FileFingerprint.Of(sample.Path)}";

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
        // Only the shards that hold some of these rows are read (a table also holds other datasets' and runs' rows); one
        // that turns out damaged is dropped, and its rows are looked up again, else computed.
        for (var found = false; !found;)
        {
            Array.Clear(where);
            for (var i = 0; i < keys.Length; i++)
                foreach (var s in shards)
                    if (s.Index.TryGetValue(keys[i], out var row)) { where[i] = (s, row); break; }
            var unreadable = where.OfType<(Shard Shard, int Row)>().Select(w => w.Shard).Distinct().Where(s => !s.Load(shards)).ToList();
            shards.RemoveAll(unreadable.Contains);
            found = unreadable.Count == 0;
        }
        var missing = Enumerable.Range(0, keys.Length).Where(i => where[i] is null).ToArray();
        if (missing.Length > 0)
        {
            if (compute(missing) is not { } computed)
            {
                UnloadFiled(where);
                return null;
            }
            var shard = new Shard([.. missing.Select(i => keys[i])], computed);
            if (persist) shard.File = Save(table, shard);
            shards.Add(shard);
            for (var k = 0; k < missing.Length; k++) where[missing[k]] = (shard, k);
        }
        try { return Gather(where!); }
        finally { UnloadFiled(where); }
    }

    /// <summary>Lets the shards behind <paramref name="where"/> drop rows their files hold (see the class summary).</summary>
    static void UnloadFiled((Shard Shard, int Row)?[] where)
    {
        foreach (var s in where.OfType<(Shard Shard, int Row)>().Select(w => w.Shard).Distinct()) s.UnloadIfInFile();
    }

    /// <summary>The rows at <paramref name="where"/> as one tensor.</summary>
    static Tensor Gather((Shard Shard, int Row)?[] where)
    {
        var first = where[0]!.Value;
        // The common case, a dataset computed in one go: hand out the shard itself (a second handle on its storage), not a copy.
        if (first.Shard.Data.shape[0] == where.Length && Enumerable.Range(0, where.Length).All(i => where[i]!.Value.Shard == first.Shard && where[i]!.Value.Row == i))
            return first.Shard.Data.alias();
        using var scope = NewDisposeScope();
        var result = empty([where.Length, .. first.Shard.Data.shape.Skip(1)], first.Shard.Data.dtype);
        foreach (var group in Enumerable.Range(0, where.Length).GroupBy(i => where[i]!.Value.Shard))
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
        {
            try
            {
                var folder = Path.Combine(Directory, table);
                StaleFiles.RemoveIn(folder);
                foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.bin").Order(StringComparer.Ordinal))
                    if (TryReadKeys(file) is { } s) shards.Add(s);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { GiveUpFolder(e); }
        }
        tables[table] = shards;
        return shards;
    }

    /// <summary>Writes <paramref name="shard"/> to the table's folder; its file, or null when there is no usable folder.</summary>
    string? Save(string table, Shard shard)
    {
        if (Directory is null) return null;
        try
        {
            var folder = Path.Combine(Directory, table);
            System.IO.Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.bin");
            ChecksummedFile.Write(path, Magic, stream =>
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                writer.Write(shard.Keys.Length);
                foreach (var k in shard.Keys) writer.Write(k);
                shard.Data.Save(writer);
            });
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { GiveUpFolder(e); return null; }
    }

    /// <summary>The cache folder is unusable (full, read-only, gone): say so once and keep the rows in memory.</summary>
    void GiveUpFolder(Exception e)
    {
        KitWarnings.Warn($"the activation cache '{Directory}' cannot be used ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}); going on without it. Free space or fix its permissions to make later runs faster.");
        Directory = null;
    }

    /// <summary>A shard's row keys, read from its start without its rows; null (the file named, then deleted) when they cannot be read.</summary>
    static Shard? TryReadKeys(string file)
    {
        string[]? keys = null;
        var problem = ChecksummedFile.Peek(file, Magic, stream => keys = ReadKeys(stream));
        if (problem is null) return new Shard(keys!, file);
        Discard(file, problem);
        return null;
    }

    static string[] ReadKeys(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var count = reader.ReadInt32();
        if (count < 0 || count > stream.Length) throw new InvalidDataException($"it claims {count} rows");
        var keys = new string[count];
        for (var i = 0; i < keys.Length; i++) keys[i] = reader.ReadString();
        return keys;
    }

    /// <summary>A shard's rows, verified whole against its checksum; null (the file named, then deleted) for a damaged, torn or foreign file.</summary>
    static Tensor? TryLoadRows(string file, int count)
    {
        Tensor? data = null;
        var problem = ChecksummedFile.Verify(file, Magic, stream =>
        {
            if (ReadKeys(stream).Length != count) throw new InvalidDataException("its row keys changed since they were read");
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            data = Tensor.Load(reader);
            if (data.ndim < 1 || data.shape[0] != count) throw new InvalidDataException($"it holds {(data.ndim < 1 ? 0 : data.shape[0])} rows for {count} images");
            if (stream.Position != stream.Length) throw new InvalidDataException("bytes follow its rows");
        });
        if (problem is null) return data;
        data?.Dispose();
        Discard(file, problem);
        return null;
    }

    static void Discard(string file, string problem)
    {
        KitWarnings.Warn($"activation cache file '{file}' is damaged ({problem.TrimEnd('.')}); deleted, its rows are computed again.");
        OutputLocation.TryDelete(file);
    }

    public void Dispose()
    {
        foreach (var s in tables.Values.SelectMany(t => t)) s.Dispose();
        tables.Clear();
    }

    /// <summary>Rows of one computation: in memory, or in a file whose rows are read each time they are needed.</summary>
    sealed class Shard
    {
        Tensor? data;
        /// <summary>The rows' type and shape after the first, once known: kept when the rows are not, to check a reread file.</summary>
        (ScalarType Type, long[] Shape)? kind;

        public Shard(string[] keys, Tensor data) => (Keys, this.data, kind) = (keys, data, KindOf(data));
        public Shard(string[] keys, string file) => (Keys, File) = (keys, file);

        public string[] Keys { get; }
        /// <summary>The file holding the rows, once written or when read from the folder.</summary>
        public string? File { get; set; }
        public Dictionary<string, int> Index => field ??= Keys.Select((k, i) => (k, i)).DistinctBy(t => t.k).ToDictionary(t => t.k, t => t.i);
        public Tensor Data => data ?? throw new InvalidOperationException("The shard's rows were not loaded.");

        /// <summary>Reads the rows if needed; false when the file is damaged, or holds rows of another kind than the table's other shards (named and deleted).</summary>
        public bool Load(IEnumerable<Shard> table)
        {
            if (data is not null) return true;
            if (TryLoadRows(File!, Keys.Length) is not { } rows) return false;
            // Every shard of a table holds rows of one kind; one that does not is as damaged as a bad checksum.
            var mine = KindOf(rows);
            if (table.FirstOrDefault(s => s != this && s.kind is not null) is { kind: var (type, shape) } && (mine.Type != type || !mine.Shape.SequenceEqual(shape)))
            {
                Discard(File!, $"its rows are {mine.Type} [{string.Join(",", mine.Shape)}], the table's are {type} [{string.Join(",", shape)}]");
                rows.Dispose();
                return false;
            }
            (data, kind) = (rows, mine);
            return true;
        }

        /// <summary>Lets go of the rows when the file has them (a caller's alias keeps its storage alive; the next use rereads).</summary>
        public void UnloadIfInFile()
        {
            if (File is null) return;
            data?.Dispose();
            data = null;
        }

        static (ScalarType Type, long[] Shape) KindOf(Tensor rows) => (rows.dtype, [.. rows.shape.Skip(1)]);

        public void Dispose() => data?.Dispose();
    }
}
