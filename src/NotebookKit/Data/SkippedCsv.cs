using System.Text;

namespace NotebookKit.Data;

/// <summary>Skipped files as CSV (path, reason), for a run folder's record of what it left out.</summary>
public static class SkippedCsv
{
    public static string Format(IEnumerable<SkippedFile> skipped)
    {
        var sb = new StringBuilder("path,reason\n");
        foreach (var s in skipped) sb.Append(Quote(s.Path)).Append(',').Append(Quote(s.Reason)).Append('\n');
        return sb.ToString();
    }

    static string Quote(string field) => field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
