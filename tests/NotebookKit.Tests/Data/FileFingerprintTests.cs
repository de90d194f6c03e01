using NotebookKit.Data;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class FileFingerprintTests
{
    static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public void A_file_replaced_with_its_old_size_and_time_gets_a_new_fingerprint()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("cat.jpg", Bytes(5000, 1));
        var time = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, time);
        var before = FileFingerprint.Of(path);
        File.WriteAllBytes(path, Bytes(5000, 2)); // what cp -p or rsync -t leaves: same size, same time
        File.SetLastWriteTimeUtc(path, time);
        Assert.NotEqual(before, FileFingerprint.Compute(path, 5000));
    }

    [Fact]
    public void Equal_content_gives_equal_fingerprints_and_both_ends_of_a_large_file_count()
    {
        using var tmp = new TempFolder();
        var content = Bytes(300_000, 3);
        var a = tmp.File("a.jpg", content);
        var b = tmp.File("b.jpg", content);
        Assert.Equal(FileFingerprint.Of(a), FileFingerprint.Of(b));
        content[^1] ^= 1;
        var tail = tmp.File("tail.jpg", content);
        Assert.NotEqual(FileFingerprint.Of(a), FileFingerprint.Of(tail));
        content[^1] ^= 1;
        content[0] ^= 1;
        Assert.NotEqual(FileFingerprint.Of(a), FileFingerprint.Of(tmp.File("head.jpg", content)));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FileFingerprint.Of("/nonexistent/dog.jpg"));
        Assert.Contains("/nonexistent/dog.jpg", e.Message);
    }
}
