using NotebookKit.Data;
using NotebookKit.Tests.Platform;
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
        Assert.NotEqual(before, FileFingerprint.Read(path).Fingerprint);
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

    [Theory]
    [InlineData(20_000)]
    [InlineData(8193)]
    public void Above_8_KiB_each_4_KiB_end_counts(int length)
    {
        using var tmp = new TempFolder();
        var content = Bytes(length, 4);
        var original = FileFingerprint.Read(tmp.File("a.jpg", content)).Fingerprint;
        var sameHead = (byte[])content.Clone();
        sameHead[length - 4096] ^= 1; // the first byte of the last 4 KiB
        var sameTail = (byte[])content.Clone();
        sameTail[4095] ^= 1; // the last byte of the first 4 KiB
        Assert.NotEqual(original, FileFingerprint.Read(tmp.File("tail.jpg", sameHead)).Fingerprint);
        Assert.NotEqual(original, FileFingerprint.Read(tmp.File("head.jpg", sameTail)).Fingerprint);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5000)]
    [InlineData(8192)]
    public void Up_to_8_KiB_every_byte_counts(int length)
    {
        using var tmp = new TempFolder();
        var content = Bytes(length, 5);
        var original = FileFingerprint.Read(tmp.File("a.jpg", content)).Fingerprint;
        for (var at = 0; at < length; at += Math.Max(1, length / 16))
        {
            var changed = (byte[])content.Clone();
            changed[at] ^= 0x80;
            Assert.NotEqual(original, FileFingerprint.Read(tmp.File($"b{at}.jpg", changed)).Fingerprint);
        }
    }

    [Fact]
    public void Size_time_and_content_come_from_the_file_read()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", Bytes(30_000, 6));
        var time = new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, time);
        var identity = FileFingerprint.Read(path);
        Assert.Equal((30_000L, time.Ticks), (identity.Length, identity.Ticks));
        Assert.Equal(identity, FileFingerprint.Identify(path)!.Value with { Stamp = null });
    }

    [StampFact]
    public void A_remembered_identity_whose_stamp_proves_the_file_unchanged_is_returned_without_a_read()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", Bytes(30_000, 8));
        FileMetadataTests.Settle();
        var identity = FileFingerprint.Identify(path, null, out var read)!.Value;
        Assert.True(read);
        // A fingerprint no read could give: returned as it is, so the file was not opened.
        var remembered = identity with { Fingerprint = "remembered" };
        Assert.Equal(remembered, FileFingerprint.Identify(path, remembered, out read));
        Assert.False(read);
        Assert.Equal("remembered", FileFingerprint.Of(path)); // and this process remembers it too
    }

    [StampFact]
    public void Within_one_process_a_file_replaced_with_its_old_size_and_time_is_read_again()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("cat.jpg", Bytes(5000, 1));
        var time = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc); // a time .NET can set back exactly (to the 100 ns)
        File.SetLastWriteTimeUtc(path, time);
        FileMetadataTests.Settle();
        var before = FileFingerprint.Of(path);
        Assert.Equal(before, FileFingerprint.Of(path));
        File.WriteAllBytes(path, Bytes(5000, 2)); // cp -p, rsync -t: same size, same time
        File.SetLastWriteTimeUtc(path, time);
        Assert.NotEqual(before, FileFingerprint.Of(path));
    }

    [StampFact]
    public void A_touched_file_is_read_again_and_keeps_its_fingerprint()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("cat.jpg", Bytes(20_000, 3));
        FileMetadataTests.Settle();
        var before = FileFingerprint.Identify(path)!.Value;
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        var after = FileFingerprint.Identify(path, before, out var read)!.Value;
        Assert.True(read);
        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.NotEqual(before.Stamp, after.Stamp);
    }

    [StampFact]
    public void A_retargeted_symlink_is_read_again()
    {
        using var tmp = new TempFolder();
        var a = tmp.File("photos/a.jpg", Bytes(20_000, 9));
        var b = tmp.File("photos/b.jpg", Bytes(20_000, 10));
        File.SetLastWriteTimeUtc(b, File.GetLastWriteTimeUtc(a));
        var link = tmp.PathOf("link.jpg");
        File.CreateSymbolicLink(link, a);
        FileMetadataTests.Settle();
        var before = FileFingerprint.Identify(link)!.Value;
        File.Delete(link);
        File.CreateSymbolicLink(link, b);
        var after = FileFingerprint.Identify(link, before, out var read)!.Value;
        Assert.True(read);
        Assert.Equal(FileFingerprint.Of(b), after.Fingerprint);
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void An_empty_file_has_the_fingerprint_of_empty_content()
    {
        using var tmp = new TempFolder();
        var a = tmp.File("a.jpg", []);
        var b = tmp.File("b.jpg", []);
        Assert.Equal(FileFingerprint.Of(a), FileFingerprint.Of(b));
        Assert.NotEqual(FileFingerprint.Of(a), FileFingerprint.Of(tmp.File("c.jpg", [0])));
    }

    [Fact]
    public void A_symlink_is_its_target()
    {
        using var tmp = new TempFolder();
        var target = tmp.File("photos/a.jpg", Bytes(20_000, 7));
        var link = tmp.PathOf("link.jpg");
        File.CreateSymbolicLink(link, target);
        var identity = FileFingerprint.Identify(link)!.Value;
        Assert.Equal(20_000, identity.Length);
        Assert.Equal(FileFingerprint.Of(target), identity.Fingerprint);
        File.CreateSymbolicLink(tmp.PathOf("dangling.jpg"), tmp.PathOf("gone.jpg"));
        Assert.Null(FileFingerprint.Identify(tmp.PathOf("dangling.jpg")));
    }

    [Fact]
    public async Task A_fifo_is_never_opened()
    {
        using var tmp = new TempFolder();
        var fifo = tmp.PathOf("pipe.jpg");
        HostileFiles.MakeFifo(fifo);
        var link = tmp.PathOf("link.jpg");
        File.CreateSymbolicLink(link, fifo);
        // Opening a FIFO for reading blocks until a writer comes: a fingerprint that opened it would never return.
        var identify = Task.Run(() => (FileFingerprint.Identify(fifo), FileFingerprint.Identify(link)));
        var (direct, linked) = await identify.WaitAsync(TimeSpan.FromSeconds(10)); // TimeoutException: the FIFO was opened
        Assert.Equal(0, direct!.Value.Length);
        Assert.Equal(FileFingerprint.Of(tmp.File("empty.jpg", [])), linked!.Value.Fingerprint);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FileFingerprint.Of("/nonexistent/dog.jpg"));
        Assert.Contains("/nonexistent/dog.jpg", e.Message);
    }
}
