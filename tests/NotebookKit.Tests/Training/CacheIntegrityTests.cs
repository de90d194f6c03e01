using NotebookKit.Data;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

/// <summary>Damaged, outdated, stale and unusable caches: named, deleted and recomputed, or worked around, never trusted or fatal.</summary>
[Collection(TorchCollection.Name)]
public class CacheIntegrityTests
{
    /// <summary>Warnings raised while <paramref name="work"/> runs that mention <paramref name="about"/>.</summary>
    static List<string> Warnings(string about, Action work)
    {
        var said = new List<string>();
        var previous = KitWarnings.Sink;
        KitWarnings.Sink = line => { if (line.Contains(about)) lock (said) said.Add(line); previous(line); };
        try { work(); }
        finally { KitWarnings.Sink = previous; }
        return said;
    }

    [Theory]
    [InlineData(0.5)]   // a byte inside the rows
    [InlineData(0.999)] // the last bytes
    [InlineData(0.01)]  // the header: row count, keys, dtype and shape
    public void AShardWithAChangedByteIsNamedDeletedAndRecomputedWithTheRightNumbers(double where)
    {
        using var dir = new TempFolder();
        var samples = ActivationStoreTests.Files(dir, 3);
        Tensor Compute(int[] missing) => tensor(missing.SelectMany(i => new[] { i + 0.5f, i * 2f }).ToArray()).reshape(missing.Length, 2);
        using (var store = new ActivationStore(dir.Combine("cache")))
            store.Rows("t", samples, Compute)!.Dispose();
        var shard = Directory.GetFiles(dir.Combine("cache", "t"), "*.bin").Single();
        var bytes = File.ReadAllBytes(shard);
        bytes[(int)(bytes.Length * where)] ^= 0x5A;
        File.WriteAllBytes(shard, bytes);
        var recomputed = 0;
        var said = Warnings(shard, () =>
        {
            using var store = new ActivationStore(dir.Combine("cache"));
            using var rows = store.Rows("t", samples, m => { recomputed++; return Compute(m); })!;
            Assert.Equal(new[] { 0.5f, 0f, 1.5f, 2f, 2.5f, 4f }, rows.data<float>().ToArray());
        });
        Assert.Equal(1, recomputed);
        Assert.Contains(said, l => l.Contains("damaged") && l.Contains("computed again"));
        Assert.False(File.Exists(shard));
        Assert.Single(Directory.GetFiles(dir.Combine("cache", "t"))); // the recomputed shard, no temporary file
    }

    [Fact]
    public void AnOldFormatShardIsRecomputedNotMisread()
    {
        using var dir = new TempFolder();
        var samples = ActivationStoreTests.Files(dir, 1);
        var old = dir.File("cache/t/old.bin", [.. "NKACT1\n"u8, 1, 0, 0, 0]);
        var calls = 0;
        using var store = new ActivationStore(dir.Combine("cache"));
        using var rows = store.Rows("t", samples, m => { calls++; return ones(m.Length, 2); })!;
        Assert.Equal(1, calls);
        Assert.False(File.Exists(old));
    }

    [Fact]
    public void APhotoReplacedInPlaceWithItsOldSizeAndTimeIsRecomputed()
    {
        using var dir = new TempFolder();
        var samples = ActivationStoreTests.Files(dir, 1);
        var path = samples[0].Path;
        var stamp = File.GetLastWriteTimeUtc(path);
        var calls = 0;
        Tensor Compute(int[] m) { calls++; return full(m.Length, 1, (float)calls); }
        using (var store = new ActivationStore(dir.Combine("cache")))
            store.Rows("t", samples, Compute)!.Dispose();
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0xFF; // another picture of the same size (cp -p, rsync -t, a restore from backup): its last pixels differ
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, stamp);
        ForgetFingerprints(); // a new process: this one remembers fingerprints per path, size and time
        using (var store = new ActivationStore(dir.Combine("cache")))
        using (var rows = store.Rows("t", samples, Compute)!)
            Assert.Equal(2f, rows[0, 0].item<float>());
        Assert.Equal(2, calls);
    }

    static void ForgetFingerprints() =>
        ((System.Collections.IDictionary)typeof(FileFingerprint).GetField("Known", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Clear();

    [RootFact]
    public void AFullOrReadOnlyCacheFolderIsOneWarningAndTheRowsAreStillRight()
    {
        using var dir = new TempFolder();
        var samples = ActivationStoreTests.Files(dir, 3);
        Tensor Compute(int[] m) => arange(m.Length * 100_000, dtype: ScalarType.Float32).reshape(m.Length, 100_000); // 1.2 MB: more than the disk
        using (var full = new Tmpfs("256k"))
        {
            var said = Warnings(full.Root, () =>
            {
                using var store = new ActivationStore(full.Combine("cache"));
                using var rows = store.Rows("t", samples, Compute)!;
                Assert.Equal(299_999f, rows[2, 99_999].item<float>());
                Assert.Null(store.Directory);
            });
            Assert.Single(said);
            Assert.Contains("going on without it", said[0]);
            Assert.Empty(Directory.GetFiles(full.Root, "*", SearchOption.AllDirectories));
        }
        using (var readOnly = new Tmpfs("1m", readOnly: true))
        {
            var said = Warnings(readOnly.Root, () =>
            {
                using var store = new ActivationStore(readOnly.Combine("cache"));
                using var rows = store.Rows("t", samples, Compute)!;
                Assert.Equal(3, rows.shape[0]);
            });
            Assert.Single(said);
        }
    }
}
