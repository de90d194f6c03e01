using System.Text;

namespace NotebookKit.Cli;

/// <summary>
/// One TSV field from any text: a tab or newline inside a file or class name would split one record into several, so
/// a backslash is written <c>\\</c>, a tab, newline or carriage return <c>\t</c>, <c>\n</c>, <c>\r</c>, and any other
/// control character <c>\xNN</c> (the IANA TSV escapes). A name without them is written as it is.
/// </summary>
static class Tsv
{
    public static string Field(string text)
    {
        if (!text.Any(c => c == '\\' || char.IsControl(c))) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                _ when char.IsControl(c) => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
