using NotebookKit.Platform;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;

namespace NotebookKit.Tests.Training;

/// <summary>Resuming must reproduce the uninterrupted run, and a bad checkpoint must be named, not crash.</summary>
[Collection(TorchCollection.Name)]
public sealed class ResumeFaultTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("nk-resume");

    public void Dispose() => dir.Delete(recursive: true);

    /// <summary>Best at the first epoch, always: so an interrupted run's best epoch lies before the interruption.</summary>
    static readonly Monitored FirstEpoch = new("epoch", r => r.Epoch, HigherIsBetter: false);

    [Fact]
    public void AResumedRunKeepsTheSameBestEpochWeightsAndTheWholeHistory()
    {
        using var straight = TinyData.Learner(seed: 5);
        straight.FreezeTo("layer4");
        using (var best = new SaveBest(FirstEpoch))
        {
            straight.Fit(3, 1e-2, callbacks: [best]);
            Assert.Equal(1, best.BestEpoch);
        }

        var path = Path.Combine(dir.FullName, "run.ckpt");
        using (var first = TinyData.Learner(seed: 5))
        {
            first.FreezeTo("layer4");
            using var best = new SaveBest(FirstEpoch);
            using var cts = new CancellationTokenSource();
            var interrupt = new Hook(epochEnd: (c, _) => { if (c.Epoch == 1) cts.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => first.Fit(3, 1e-2, callbacks: [best, new Checkpointing(path), interrupt], cancellationToken: cts.Token));
        }

        using var resumed = TinyData.Learner(seed: 99);
        resumed.LoadCheckpoint(path);
        using (var best = new SaveBest(FirstEpoch))
        {
            resumed.Fit(3, 1e-2, callbacks: [best]);
            Assert.Equal(1, best.BestEpoch);
        }
        Assert.Equal(straight.History.Select(h => h.Epoch), resumed.History.Select(h => h.Epoch));
        var expected = straight.Model.state_dict();
        foreach (var (name, value) in resumed.Model.state_dict())
            Assert.True(value.allclose(expected[name], 1e-6, 1e-6), $"{name}: the resumed run kept other weights than the uninterrupted one");
    }

    [Fact]
    public void DamagedCheckpointsAreNamedInOneLine()
    {
        using var learner = TinyData.Learner();
        var good = Path.Combine(dir.FullName, "good.ckpt");
        learner.SaveCheckpoint(good);
        var bytes = File.ReadAllBytes(good);
        var garbage = Path.Combine(dir.FullName, "garbage.ckpt");
        File.WriteAllBytes(garbage, [.. bytes[..8], .. new byte[] { 200, 1, (byte)'{', (byte)'x' }, .. new byte[300]]);
        var torn = Path.Combine(dir.FullName, "torn.ckpt");
        File.WriteAllBytes(torn, bytes[..(bytes.Length / 2)]);
        var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, "folder.ckpt")).FullName;
        foreach (var path in new[] { garbage, torn, folder })
        {
            using var fresh = TinyData.Learner();
            var e = Assert.Throws<InvalidDataException>(() => fresh.LoadCheckpoint(path));
            Assert.Contains(path, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void LeftoversOfKilledRunsAreRemovedOnTheNextSave()
    {
        var path = Path.Combine(dir.FullName, "run.ckpt");
        var deadPid = 999_999_999;
        var orphan = path + $".{deadPid}.tmp";
        File.WriteAllBytes(orphan, new byte[1024]);
        var mine = path + $".{Environment.ProcessId}.tmp.keep";
        File.WriteAllBytes(mine, [1]);
        var staging = Directory.CreateDirectory(Path.Combine(dir.FullName, $"model.partial-{deadPid}")).FullName;
        using var learner = TinyData.Learner();
        learner.SaveCheckpoint(path);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(mine)); // not a leftover's name: left alone
        Assert.Equal([staging], StaleFiles.RemoveBeside(Path.Combine(dir.FullName, "model")));
        Assert.False(Directory.Exists(staging));
    }
}
