using NotebookKit.Data;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class DataLoaderTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly ImageDataset dataset;
    static readonly PreprocessSpec Spec = new(16, 18, Normalization.ImageNet);

    public DataLoaderTests()
    {
        for (var i = 0; i < 6; i++) temp.Image($"a/{i}.png", 24, 20, i);
        for (var i = 0; i < 5; i++) temp.Image($"b/{i}.png", 20, 24, 10 + i);
        dataset = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0)).Train;
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void BatchesHaveTheRightShapesAndLabels()
    {
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(Spec), batchSize: 4, threads: 2);
        var batches = loader.Epoch().ToList();
        Assert.Equal([4, 4, 3], batches.Select(b => b.Count));
        Assert.Equal([4L, 3, 16, 16], batches[0].Images.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batches[0].Labels.dtype);
        var labels = batches.SelectMany(b => b.Labels.data<long>().ToArray()).ToArray();
        Assert.Equal(dataset.Samples.Select(s => (long)s.Label), labels);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void DropLastLeavesOutTheSmallBatch()
    {
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(Spec), batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.BatchCount);
        var counts = loader.Epoch().Select(b => { using (b) return b.Count; }).ToList();
        Assert.Equal([4, 4], counts);
        Assert.Empty(new DataLoader(dataset, ImagePipeline.ForEval(Spec), batchSize: 20, dropLast: true).Epoch());
    }

    [Fact]
    public void ShuffleIsPerEpochAndReproducible()
    {
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(Spec), shuffle: true, seed: 5);
        Assert.Equal(loader.Order(0), new DataLoader(dataset, ImagePipeline.ForEval(Spec), shuffle: true, seed: 5).Order(0));
        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.Equal(Enumerable.Range(0, 11), loader.Order(1).Order());
    }

    [Fact]
    public void AugmentedBatchesDependOnTheSeedNotOnThreadCount()
    {
        var pipeline = ImagePipeline.ForTrain(Spec, Augmentation.Standard);
        float[] Pixels(int threads, int seed)
        {
            using var b = new DataLoader(dataset, pipeline, batchSize: 11, shuffle: true, seed: seed, threads: threads).Epoch(3).Single();
            return b.Images.data<float>().ToArray();
        }
        Assert.Equal(Pixels(1, 7), Pixels(2, 7));
        Assert.NotEqual(Pixels(2, 7), Pixels(2, 8));
    }

    [Fact]
    public void CancellationStopsTheEpoch()
    {
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(Spec), batchSize: 2, threads: 1);
        using var cts = new CancellationTokenSource();
        using var e = loader.Epoch(0, cts.Token).GetEnumerator();
        Assert.True(e.MoveNext());
        e.Current.Dispose();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => e.MoveNext());
        Assert.ThrowsAny<OperationCanceledException>(() => loader.Epoch(0, cts.Token).First());
    }

    [Fact]
    public void AFileBrokenAfterScanningSurfacesAsDataException()
    {
        File.WriteAllText(dataset.Samples[5].Path, "gone bad");
        var loader = new DataLoader(dataset, ImagePipeline.ForEval(Spec), batchSize: 4);
        var e = Assert.Throws<DataException>(() => loader.Epoch().ToList().ForEach(b => b.Dispose()));
        Assert.Equal(dataset.Samples[5].Path, e.Path);
    }
}
