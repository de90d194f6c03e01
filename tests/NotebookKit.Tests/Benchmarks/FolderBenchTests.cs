using System.Text.Json;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Benchmarks;

public class FolderBenchTests
{
    static string[] FolderTemps() => Directory.GetDirectories(Path.GetTempPath(), "notebookkit-folders-*");

    /// <summary>The smoke run of <c>bench --folders --quick</c>: tiny generated folders, every column measured, nothing left behind.</summary>
    [Fact]
    public void TheQuickCostTableMeasuresEveryColumnAndCleansUp()
    {
        using var dir = new TempFolder();
        var json = dir.Combine("folders.json");
        var before = FolderTemps();
        var weightsBefore = Directory.Exists(KitPaths.WeightsCache) ? Directory.GetFiles(KitPaths.WeightsCache).Length : 0;
        using var cli = new CliProcess(["bench", "--folders", "--quick", "--json", json]);
        var (exit, _, err) = cli.Wait(TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal([false, true], rows.Select(r => r.GetProperty("phone").GetBoolean()));
        foreach (var r in rows)
        {
            foreach (var column in new[] { "first_open_seconds", "second_open_seconds", "feature_pass_seconds", "head_epoch_seconds", "cache_mb", "peak_rss_mb" })
                Assert.True(r.GetProperty(column).GetDouble() > 0, $"{r.GetProperty("name")}: {column} is not measured");
            Assert.Equal(0, r.GetProperty("second_open_decoded").GetInt32()); // a new process remembered every check
        }
        // The generated photos and the children's caches are gone; the machine's weights, linked into them, are not.
        Assert.Empty(FolderTemps().Except(before));
        Assert.Equal(weightsBefore, Directory.Exists(KitPaths.WeightsCache) ? Directory.GetFiles(KitPaths.WeightsCache).Length : 0);
    }

    [Fact]
    public void FolderSizesParseCountsPhoneAndOpenOnly()
    {
        Assert.Equal([new(1000, false), new(500, true), new(20000, false, OpenOnly: true)], NotebookKit.Benchmarks.FolderCase.ParseList("1000, 500phone,20000open"));
        var e = Assert.Throws<ArgumentException>(() => NotebookKit.Benchmarks.FolderCase.ParseList("1000,lots"));
        Assert.Contains("'lots'", e.Message);
    }
}
