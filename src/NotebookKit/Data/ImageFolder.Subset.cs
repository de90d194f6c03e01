namespace NotebookKit.Data;

public sealed partial class ImageFolder
{
    /// <summary>A seeded, stratified subset: at most <paramref name="trainPerClass"/> training images per class, <paramref name="evalPerClass"/> for val and test.</summary>
    public ImageFolder Subset(int trainPerClass, int evalPerClass, int seed = Seeds.Default) =>
        new(Root, Classes, Train.Take(trainPerClass, seed), Val.Take(evalPerClass, seed), Test?.Take(evalPerClass, seed), Skipped, IsPreSplit);
}
