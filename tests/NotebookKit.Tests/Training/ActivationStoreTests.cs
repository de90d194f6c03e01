using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public class ActivationStoreTests
{
    internal static ImageSample[] Files(TempFolder dir, int n) =>
        [.. Enumerable.Range(0, n).Select(i =>
        {
            var path = dir.Combine($"img{i}.jpg");
            File.Copy(SharedData.Photo(index: i), path);
            return new ImageSample(path, i % 2);
        })];

    [Fact]
    public void RowsAreComputedOncePerImageAndServedForAnySubsetFromDisk()
    {
        using var dir = new TempFolder();
        var samples = Files(dir, 4);
        var computed = new List<int>();
        Tensor Compute(int[] missing)
        {
            computed.AddRange(missing);
            return tensor(missing.Select(i => (float)samples.Length * 10 + i).ToArray()).unsqueeze(1); // any deterministic rows
        }
        Tensor? rows;
        using (var store = new ActivationStore(dir.Combine("cache")))
        {
            rows = store.Rows("t", samples[..2], Compute);
            Assert.Equal([0, 1], computed);
            using var again = store.Rows("t", [samples[1], samples[0], samples[2]], Compute)!;
            Assert.Equal([0, 1, 2], computed); // only the new image (index 2 of that call)
            Assert.Equal(rows![1].item<float>(), again[0].item<float>());
        }
        using (var reopened = new ActivationStore(dir.Combine("cache")))
        {
            computed.Clear();
            using var fromDisk = reopened.Rows("t", samples[..3], Compute)!;
            Assert.Empty(computed);
            Assert.Equal(rows![0].item<float>(), fromDisk[0].item<float>());
            using var otherTable = reopened.Rows("u", samples[..1], Compute)!;
            Assert.Equal([0], computed); // another table (other weights or pipeline) shares nothing
        }
        rows!.Dispose();
    }

    /// <summary>
    /// A table holds the rows of every dataset and run that used the same model and pipeline: serving one dataset reads
    /// only the shards that hold its rows. Proved by damaging the other dataset's shard: it is neither read, nor reported,
    /// nor deleted until its own rows are asked for — then it is named, deleted and recomputed.
    /// </summary>
    [Fact]
    public void OnlyTheShardsHoldingTheRequestedRowsAreRead()
    {
        using var dir = new TempFolder();
        var samples = Files(dir, 4);
        var calls = 0;
        Tensor Compute(int[] missing) { calls++; return ones(missing.Length, 64) * calls; }
        var cache = dir.Combine("cache");
        using (var store = new ActivationStore(cache))
        {
            store.Rows("t", samples[..2], Compute)!.Dispose();
            store.Rows("t", samples[2..], Compute)!.Dispose();
        }
        var shards = Directory.GetFiles(Path.Combine(cache, "t"), "*.bin").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, shards.Length);
        var other = shards[1];
        var bytes = File.ReadAllBytes(other);
        bytes[^8] ^= 0xFF; // a row's bytes, behind the keys: only the checksum finds it
        File.WriteAllBytes(other, bytes);
        calls = 0;
        using (var store = new ActivationStore(cache))
        {
            using (var first = store.Rows("t", samples[..2], Compute)!) Assert.Equal(1f, first[0, 0].item<float>());
            Assert.Equal(0, calls);
            Assert.True(File.Exists(other), "the other dataset's shard was read (and found damaged) although none of its rows was asked for");
            using var second = store.Rows("t", samples[2..], Compute)!;
            Assert.Equal(1, calls);
            Assert.False(File.Exists(other), "the damaged shard was served or kept");
        }
    }

    /// <summary>
    /// Rows in a file are not kept by the store once handed out (the caller's tensor is the only copy in memory): the next
    /// request reads the file again. Proved by damaging the file between two requests of one store: the second names it
    /// and recomputes; a store that kept the rows would serve them without noticing.
    /// </summary>
    [Fact]
    public void RowsInAFileAreReadAgainNotKeptInMemory()
    {
        using var dir = new TempFolder();
        var samples = Files(dir, 2);
        var calls = 0;
        Tensor Compute(int[] missing) { calls++; return ones(missing.Length, 64) * calls; }
        using var store = new ActivationStore(dir.Combine("cache"));
        using var first = store.Rows("t", samples, Compute)!;
        var shard = Assert.Single(Directory.GetFiles(dir.Combine("cache/t"), "*.bin"));
        var bytes = File.ReadAllBytes(shard);
        bytes[^8] ^= 0xFF;
        File.WriteAllBytes(shard, bytes);
        using var second = store.Rows("t", samples, Compute)!;
        Assert.Equal(2, calls);
        Assert.Equal(1f, first[0, 0].item<float>()); // the first caller's rows live on without the store
        Assert.Equal(2f, second[0, 0].item<float>());
    }

    [Fact]
    public void AChangedPhotoIsRecomputedAndATornShardIsIgnored()
    {
        using var dir = new TempFolder();
        var samples = Files(dir, 2);
        var calls = 0;
        Tensor Compute(int[] missing) { calls++; return ones(missing.Length, 2) * calls; }
        using (var store = new ActivationStore(dir.Combine("cache")))
            store.Rows("t", samples, Compute)!.Dispose();
        File.Copy(SharedData.Photo(index: 5), samples[0].Path, overwrite: true);
        File.SetLastWriteTimeUtc(samples[0].Path, DateTime.UtcNow.AddMinutes(1));
        using (var store = new ActivationStore(dir.Combine("cache")))
        using (var rows = store.Rows("t", samples, Compute)!)
        {
            Assert.Equal(2, calls);
            Assert.Equal(2f, rows[0, 0].item<float>());
            Assert.Equal(1f, rows[1, 0].item<float>());
        }
        var shard = Directory.GetFiles(dir.Combine("cache/t"), "*.bin").First();
        File.WriteAllBytes(shard, File.ReadAllBytes(shard)[..20]);
        using (var store = new ActivationStore(dir.Combine("cache")))
            store.Rows("t", samples, Compute)!.Dispose();
        Assert.Equal(3, calls);
        Assert.False(File.Exists(shard));
    }

    [Fact]
    public void ALearnerNeverServesFeaturesOfOtherWeightsAndFeatureRowsFollowSampleOrder()
    {
        using var dir = new TempFolder();
        var ds = new ImageDataset("tiny", ["a", "b"], Files(dir, 2));
        var options = new LearnerOptions { CacheDirectory = dir.Combine("cache") };
        using var pretrained = Learner.ForInference(Pretrained.Classifier("resnet-cntk", ["a", "b"], seed: 1, inputSize: 64), options);
        using var random = Learner.ForInference(Pretrained.Classifier("resnet-cntk", ["a", "b"], pretrained: false, seed: 1, inputSize: 64), options);
        using var first = pretrained.Features(ds);
        using var second = pretrained.Features(ds);
        using var other = random.Features(ds);
        Assert.True(Tensors.Same(first.Activations, second.Activations));
        Assert.False(first.Activations.allclose(other.Activations));
        Assert.Equal(2, Directory.GetDirectories(dir.Combine("cache")).Length);
        Assert.Equal([2, 512], first.Activations.shape);
        Assert.Equal([0, 1], first.LabelArray());
        Assert.Equal(first.Activations[1, 3].item<float>(), first.Rows()[1][3]);
    }
}

[Collection(TorchCollection.Name)]
public class CachedBatchesTests
{
    [Fact]
    public void CachedActivationsReplayTheLoadersBatchesDropLastIncluded()
    {
        using var dir = new TempFolder();
        var data = Photos.CatsDogs(perClass: 5); // 10 training photos × 2 views = 20 items: batches of 6, 6, 6 and a dropped 2
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 1, inputSize: 64);
        var train = new DataLoader(data.Train, ImagePipeline.Views(model.Preprocess, mirror: true), batchSize: 6, shuffle: true, seed: 5, dropLast: true);
        using var learn = new Learner(model, train, new DataLoader(data.Val, ImagePipeline.ForEval(model.Preprocess), 4),
            options: new LearnerOptions { CacheDirectory = dir.Root });
        learn.Freeze();
        var sizes = new List<int>();
        learn.Fit(1, 1e-3, callbacks: [new Hook(batchEnd: (c, _) => sizes.Add(c.Batch))]);
        Assert.StartsWith("cached layer4", learn.TrainingPath);
        Assert.Equal(3, train.BatchCount);
        Assert.Equal(train.BatchCount, sizes.Count); // the schedule's step count and the cache agree
        var cache = Assert.Single(learn.Caches, c => ReferenceEquals(c.Source, train));
        Assert.Equal(train.BatchIndices(0).Select(b => b.Length), cache.Batches(0, default).Select(b => { using (b) return b.Count; }));
    }
}

[Collection(TorchCollection.Name)]
public class ActivationStoreMemoryTests
{
    [Fact]
    public void ADatasetComputedInOneGoIsServedWithoutACopy()
    {
        using var dir = new TempFolder();
        ImageSample[] samples = [.. Enumerable.Range(0, 3).Select(i =>
        {
            var path = dir.Combine($"img{i}.jpg");
            File.Copy(SharedData.Photo(index: i), path);
            return new ImageSample(path, i % 2);
        })];
        using var store = new ActivationStore(null);
        using var first = store.Rows("t", samples, missing => ones(missing.Length, 4))!;
        using var second = store.Rows("t", samples, _ => throw new InvalidOperationException("recomputed"))!;
        using var reordered = store.Rows("t", [samples[2], samples[0]], _ => throw new InvalidOperationException("recomputed"))!;
        first.mul_(2);
        Assert.Equal(2f, second[0, 0].item<float>()); // one storage: both are the store's shard
        Assert.Equal(1f, reordered[0, 0].item<float>()); // a subset or another order is gathered into its own tensor
    }
}
