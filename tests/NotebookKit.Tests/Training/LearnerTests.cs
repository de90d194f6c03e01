using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;
using NotebookKit.Tests.Support;
using NotebookKit.Training.Callbacks;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public class LearnerTests
{
    [Fact]
    public void OneSeedGivesIdenticalMetricsTwiceInARow()
    {
        IReadOnlyList<EpochRecord> Run()
        {
            // The prefix runs every step (no cache), the rest trains with dropout and shuffling: every source of randomness is in play.
            using var l = TinyData.Learner(seed: 7, options: new LearnerOptions { Seed = 7, CacheFrozenActivations = false });
            l.FreezeTo("layer4");
            return l.Fit(2, 1e-3, LrSchedule.OneCycle());
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(r => (r.TrainLoss, r.ValLoss, r.TrainAccuracy, r.ValAccuracy)), b.Select(r => (r.TrainLoss, r.ValLoss, r.TrainAccuracy, r.ValAccuracy)));
        Assert.Equal([1, 2], a.Select(r => r.Epoch));
    }

    [Fact]
    public void HistoryFrameHasOneRowPerEpoch()
    {
        using var l = TinyData.Learner();
        l.Freeze();
        l.Fit(2, 1e-3, stage: "warm");
        var frame = l.HistoryFrame();
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(["epoch", "stage", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"], frame.Columns.Select(c => c.Name));
        Assert.Equal("warm", frame["stage"][1]);
    }

    /// <summary>
    /// Caching changes where the prefix's output comes from, not its values. Pinned to fp32: bf16 rounds each output, so a
    /// different thread count (the process-wide setting other tests change) can flip roundings and drift 2 SGD epochs apart.
    /// </summary>
    [Fact]
    public void CachedPrefixTrainsLikeTheFullForwardPass()
    {
        var notes = new List<string>();
        using var cached = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Sgd(), InferencePrecision = ComputePrecision.Float32, Log = notes.Add });
        using var full = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Sgd(), InferencePrecision = ComputePrecision.Float32, CacheFrozenActivations = false });
        cached.FreezeTo("layer4");
        full.FreezeTo("layer4");
        var a = cached.Fit(2, 0.01);
        var b = full.Fit(2, 0.01);
        Assert.StartsWith("cached layer3 activations", cached.TrainingPath);
        Assert.Equal("images, full forward", full.TrainingPath);
        Assert.Equal(2, cached.Caches.Count); // train and val, built once for both epochs
        Assert.Contains(notes, n => n.StartsWith("train: cached layer3 activations of 4 images"));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(b[i].TrainLoss, a[i].TrainLoss, 4);
            Assert.Equal(b[i].ValLoss, a[i].ValLoss, 4);
        }
    }

    /// <summary>
    /// A fit keeps only the caches it reads: after training layer4 on cached layer3 activations, a head-only fit drops
    /// them (memory a laptop needs). Their rows stay in the store's files, so going back to layer4 runs no prefix pass.
    /// </summary>
    [Fact]
    public void A_fit_keeps_only_the_caches_it_reads_and_an_earlier_freeze_comes_back_from_the_store()
    {
        using var dir = new TempFolder();
        var passes = 0;
        using var l = TinyData.Learner(options: new LearnerOptions { Seed = 1, Optimizer = OptimizerSpec.Sgd(), CacheDirectory = dir.Combine("cache") });
        l.Progress = new SyncProgress(p => { if (p.Stage.Contains(": caching ") && p.Done == p.Total) passes++; });
        var layer3 = l.Groups.Select(g => g.Name).ToList().IndexOf("layer3");
        l.FreezeTo("layer4");
        l.Fit(1, 0.01);
        Assert.Equal(2, passes); // train and val
        Assert.All(l.Caches, c => Assert.Equal(layer3, c.Boundary));
        l.Freeze();
        l.Fit(1, 0.01);
        Assert.Equal(4, passes); // the whole backbone now, with layer4's new weights
        Assert.Equal(2, l.Caches.Count);
        Assert.All(l.Caches, c => Assert.Equal(l.Groups.Count - 2, c.Boundary));
        l.FreezeTo("layer4");
        l.Fit(1, 0.01);
        Assert.Equal(4, passes);
        Assert.All(l.Caches, c => Assert.Equal(layer3, c.Boundary));
    }

    /// <summary>Any backbone splits into groups (IBackbone.ForwardGroup), so caching is not ResNet's alone: here LeNet-5.</summary>
    [Fact]
    public void CachingWorksForANonResNetBackbone()
    {
        Learner Lenet(bool cache)
        {
            var model = Pretrained.Classifier("lenet5", TinyData.Classes, pretrained: false, seed: 1);
            var eval = ImagePipeline.ForEval(model.Preprocess);
            return new Learner(model, new DataLoader(TinyData.TrainSet, eval, 2, shuffle: true, seed: 1), new DataLoader(TinyData.ValSet, eval, 2),
                options: new LearnerOptions { Seed = 1, Optimizer = OptimizerSpec.Sgd(), InferencePrecision = ComputePrecision.Float32, CacheFrozenActivations = cache });
        }
        using var cached = Lenet(cache: true);
        using var full = Lenet(cache: false);
        cached.FreezeTo("layer2");
        full.FreezeTo("layer2");
        var a = cached.Fit(2, 0.01);
        var b = full.Fit(2, 0.01);
        Assert.StartsWith("cached layer1 activations", cached.TrainingPath);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(b[i].TrainLoss, a[i].TrainLoss, 4);
            Assert.Equal(b[i].ValLoss, a[i].ValLoss, 4);
        }
    }

    [Fact]
    public void Float16CacheStaysCloseToFloat32()
    {
        using var half = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Sgd(), CachePrecision = CachePrecision.Float16 });
        using var single = TinyData.Learner(options: new LearnerOptions { Optimizer = OptimizerSpec.Sgd() });
        half.Freeze();
        single.Freeze();
        var a = half.Fit(1, 0.01);
        var b = single.Fit(1, 0.01);
        Assert.Equal(ScalarType.Float16, half.Caches[0].Activations.dtype);
        Assert.Equal(b[0].ValLoss, a[0].ValLoss, 2);
    }

    [Fact]
    public void AugmentationFallsBackToTheFullForwardPassAndSaysSo()
    {
        var notes = new List<string>();
        var spec = CntkResNet.Preprocess.WithInputSize(TinyData.Size);
        var augmented = new ImagePipeline([new ResizeShorterSide(spec.ResizeSize), new RandomFlip(), new CenterCrop(spec.InputSize)], spec.Normalization, spec.InputSize);
        using var l = TinyData.Learner(trainPipeline: augmented, options: new LearnerOptions { Log = notes.Add });
        l.Freeze();
        l.Fit(1, 1e-3);
        Assert.Equal("images, full forward", l.TrainingPath);
        Assert.Contains(notes, n => n.StartsWith("train: the pipeline is random (augmentation)"));
        Assert.Single(l.Caches); // validation still uses the cache
    }

    [Fact]
    public void CancellationBetweenBatchesLeavesAConsistentLearner()
    {
        using var l = TinyData.Learner();
        l.Freeze();
        using var cts = new CancellationTokenSource();
        var stopper = new Hook(batchEnd: (_, _) => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => l.Fit(2, 1e-3, callbacks: [stopper], cancellationToken: cts.Token));
        Assert.Equal(1, l.Iteration);
        Assert.Empty(l.History);
        Assert.All(l.Model.parameters(), p => Assert.False(p.isnan().any().item<bool>()));
        var more = l.Fit(1, 1e-3);
        Assert.Single(more);
        Assert.Equal(3, l.Iteration);
    }

    [Fact]
    public void ACallbackStoppingMidEpochEndsTheFitWithoutRecordingIt()
    {
        using var l = TinyData.Learner();
        l.Freeze();
        var stopper = new Hook(batchEnd: (c, _) => c.Stop("enough"));
        Assert.Empty(l.Fit(3, 1e-3, callbacks: [stopper]));
        Assert.Equal(1, l.Iteration);
    }

    [Fact]
    public void SaveBestRestoresTheBestEpochsWeights()
    {
        using var l = TinyData.Learner();
        l.Freeze();
        var snapshots = new List<ModelSnapshot>();
        var recorder = new Hook(epochEnd: (c, _) => snapshots.Add(ModelSnapshot.Take(c.Learner.Model)));
        using var best = new SaveBest(Monitored.ValLoss);
        var history = l.Fit(3, 3e-3, callbacks: [recorder, best]);
        var bestIndex = history.Select((r, i) => (r.ValLoss, i)).Min().i;
        Assert.Equal(bestIndex + 1, best.BestEpoch);
        Assert.True(snapshots[bestIndex].Matches(l.Model));
        foreach (var s in snapshots) s.Dispose();
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovement()
    {
        var stop = new EarlyStopping(patience: 2, Monitored.ValLoss);
        var context = new FitContext(null!, "fit", 10, 1);
        stop.OnFitBegin(context);
        foreach (var (epoch, loss) in new[] { (1, 1.0), (2, 0.8), (3, 0.9), (4, 0.8) })
        {
            Assert.False(context.StopRequested);
            stop.OnEpochEnd(context, new EpochRecord(epoch, 0, loss, 0, 0, 0));
        }
        Assert.True(context.StopRequested);
        Assert.Equal(2, stop.BestEpoch);
    }

    [Fact]
    public void TerminateOnNaNStopsOnANonFiniteLoss()
    {
        var context = new FitContext(null!, "fit", 1, 1);
        new TerminateOnNaN().OnBatchEnd(context, 0.5);
        Assert.False(context.StopRequested);
        new TerminateOnNaN().OnBatchEnd(context, double.NaN);
        Assert.True(context.StopRequested);
    }

    [Fact]
    public void ProgressReportsBatchesAndEpochs()
    {
        var reports = new List<TrainingProgress>();
        using var l = TinyData.Learner();
        l.Freeze();
        l.Progress = new SyncProgress(reports.Add);
        l.Fit(1, 1e-3);
        Assert.Contains(reports, r => r.Stage == "fit epoch 1/1" && r.Done == 2 && r.Total == 2 && r.Epoch is null);
        Assert.Contains(reports, r => r.Epoch is { Epoch: 1 });
        Assert.All(reports.SkipLast(1), r => Assert.False(r.FitEnded));
        Assert.True(reports[^1] is { FitEnded: true, InFit: true, Failure: null });
    }

    [Fact]
    public void A_fit_that_throws_reports_its_end_before_the_exception_leaves()
    {
        var reports = new List<TrainingProgress>();
        using var l = TinyData.Learner();
        l.Freeze();
        l.Progress = new SyncProgress(reports.Add);
        Assert.Throws<InvalidOperationException>(() => l.Fit(2, 1e-3, callbacks: [new ThrowOnSecondBatch()]));
        Assert.True(reports[^1] is { FitEnded: true, Failure: nameof(InvalidOperationException) });
    }

    sealed class ThrowOnSecondBatch : ICallback
    {
        public void OnBatchEnd(FitContext context, double loss)
        {
            if (context.Batch == 1) throw new InvalidOperationException("broken batch");
        }
    }
}
