using NotebookKit.Data;

namespace NotebookKit.Tests.Support;

/// <summary>Small real-photo datasets built by reference to the shared data (files are linked by path, never copied into the repo).</summary>
public static class Photos
{
    /// <summary>A tiny split of the shared cats-dogs photos: <paramref name="perClass"/> train, half as many val and test.</summary>
    public static ImageFolder CatsDogs(int perClass = 8) => ImageFolder.Open(SharedData.CatsDogs).Subset(perClass, Math.Max(2, perClass / 2), seed: 7);
}
