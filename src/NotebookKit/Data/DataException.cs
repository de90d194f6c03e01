namespace NotebookKit.Data;

/// <summary>Bad input data: the message names the file or folder and says how to fix it.</summary>
public sealed class DataException(string message, string path, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The file or folder at fault.</summary>
    public string Path { get; } = path;
}
