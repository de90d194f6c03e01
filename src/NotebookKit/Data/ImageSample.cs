namespace NotebookKit.Data;

/// <summary>One image file and its class index (<see cref="NoLabel"/> when unknown).</summary>
public sealed record ImageSample(string Path, int Label)
{
    public const int NoLabel = -1;
}

/// <summary>A file left out of a dataset, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
