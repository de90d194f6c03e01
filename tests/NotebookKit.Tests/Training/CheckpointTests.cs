using NotebookKit.Training;
using NotebookKit.Training.Callbacks;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("nk-ckpt");

    public void Dispose() => dir.Delete(recursive: true);

    static LearnerOptions Options => new() { Seed = 5, Optimizer = OptimizerSpec.Sgd(momentum: 0.9, nesterov: true, weightDecay: 1e-4) };

    [Fact]
    public void ResumingAfterTwoEpochsFollowsTheSameTrajectoryAsFourInARow()
    {
        var schedule = LrSchedule.Cosine().WithWarmup(2);
        using var straight = TinyData.Learner(seed: 5, options: Options);
        straight.FreezeTo("layer4");
        var expected = straight.Fit(4, LearningRates.Slice(1e-3, 1e-2), schedule);

        var path = Path.Combine(dir.FullName, "run.ckpt");
        using (var first = TinyData.Learner(seed: 5, options: Options))
        {
            first.FreezeTo("layer4");
            using var cts = new CancellationTokenSource();
            var interrupt = new Hook(epochEnd: (c, _) => { if (c.Epoch == 1) cts.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                first.Fit(4, LearningRates.Slice(1e-3, 1e-2), schedule, callbacks: [new Checkpointing(path), interrupt], cancellationToken: cts.Token));
        }

        using var resumed = TinyData.Learner(seed: 99, options: Options); // different initial weights: everything must come from the file
        var info = resumed.LoadCheckpoint(path);
        Assert.Equal(2, info.EpochsDone);
        Assert.Equal(new FitPosition(4, 2, 2), info.Fit);
        resumed.Fit(4, LearningRates.Slice(1e-3, 1e-2), schedule);

        Assert.Equal(4, resumed.History.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i].TrainLoss, resumed.History[i].TrainLoss, 6);
            Assert.Equal(expected[i].ValLoss, resumed.History[i].ValLoss, 6);
            Assert.Equal(expected[i].ValAccuracy, resumed.History[i].ValAccuracy, 6);
        }
        Assert.Equal(straight.Iteration, resumed.Iteration);
        var a = straight.Model.state_dict();
        foreach (var (name, value) in resumed.Model.state_dict())
            Assert.True(value.allclose(a[name], 1e-6, 1e-6), $"{name} differs after resuming");
    }

    [Fact]
    public void AFailedSaveLeavesThePreviousCheckpointLoadable()
    {
        var path = Path.Combine(dir.FullName, "model.ckpt");
        using var l = TinyData.Learner(options: Options);
        l.Freeze();
        l.Fit(1, 1e-3);
        l.SaveCheckpoint(path);
        var good = File.ReadAllBytes(path);

        l.Fit(1, 1e-3);
        Assert.Throws<IOException>(() => l.SaveCheckpoint(path, p => new FailingStream(File.Create(p), failAfter: 4096)));
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal([Path.GetFileName(path)], dir.GetFiles().Select(f => f.Name));

        using var fresh = TinyData.Learner(seed: 3, options: Options);
        Assert.Equal(1, fresh.LoadCheckpoint(path).EpochsDone);
        Assert.Equal(5, fresh.FrozenCount);
    }

    [Fact]
    public void ACheckpointOfAnotherModelIsRefused()
    {
        var path = Path.Combine(dir.FullName, "sgd.ckpt");
        using var l = TinyData.Learner(options: Options);
        l.SaveCheckpoint(path);
        using var adam = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Adam() });
        Assert.Throws<InvalidDataException>(() => adam.LoadCheckpoint(path));
    }

    /// <summary>Writes through to a file until <c>failAfter</c> bytes, then throws like a full disk.</summary>
    sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        long written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (written + count > failAfter) throw new IOException("No space left on device (injected).");
            inner.Write(buffer, offset, count);
            written += count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
