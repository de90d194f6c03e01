using NotebookKit.Platform;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Platform;

[Collection(NotebookKit.Tests.Training.TorchCollection.Name)]
public class TorchThreadsTests
{
    [Fact]
    public void Sets_the_count_for_the_block_and_restores_it_after()
    {
        var before = get_num_threads();
        using (TorchThreads.Use(1))
        {
            Assert.Equal(1, get_num_threads());
            using (TorchThreads.Use(before + 1)) Assert.Equal(before + 1, get_num_threads());
            Assert.Equal(1, get_num_threads());
        }
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void Rejects_fewer_than_one_thread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Use(0));
}
