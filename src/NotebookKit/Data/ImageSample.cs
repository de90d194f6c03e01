namespace NotebookKit.Data;

/// <summary>One labelled image file.</summary>
public sealed record ImageSample(string Path, int Label);

/// <summary>A file left out of a dataset, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
