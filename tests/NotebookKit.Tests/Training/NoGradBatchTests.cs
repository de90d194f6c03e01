using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

/// <summary>Forward passes without gradients batch by pixels: a larger test size never holds more activations than 64 images at 224 px.</summary>
public class NoGradBatchTests
{
    [Theory]
    [InlineData(64, 224, 64)]  // the size the models are made for: the full batch
    [InlineData(64, 288, 38)]  // chapter 6's and 7's test size: 38 × 288² ≤ 64 × 224²
    [InlineData(64, 160, 64)]  // smaller inputs never exceed the limit
    [InlineData(32, 288, 32)]  // the caller's batch is the limit
    [InlineData(64, 4096, 1)]  // at least one image
    public void TheBatchHoldsNoMorePixelsThanSixtyFourAt224(int limit, int size, int expected)
    {
        var batch = Learner.NoGradBatch(limit, size);
        Assert.Equal(expected, batch);
        Assert.True(batch == 1 || (long)batch * size * size <= 64L * 224 * 224);
    }
}
