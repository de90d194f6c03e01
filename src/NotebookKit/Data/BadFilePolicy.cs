namespace NotebookKit.Data;

/// <summary>What <see cref="ImageFolder.Open"/> does with a file that is not a readable image.</summary>
public enum BadFilePolicy
{
    /// <summary>Leave it out and list it, with the reason, in <see cref="ImageFolder.Skipped"/>.</summary>
    Skip,
    /// <summary>Stop with a <see cref="DataException"/> naming the file.</summary>
    Fail,
}
