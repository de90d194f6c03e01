using System.Text;

namespace NotebookKit.Cli;

/// <summary>
/// Makes text from the file system safe to print: a file name may hold escape sequences (ESC[2J, OSC 52 …) or
/// bidirectional overrides that would drive the terminal or disguise the name, so control characters are shown as
/// <c>\xNN</c> / <c>\uNNNN</c> instead of being sent raw.
/// </summary>
static class Terminal
{
    public static string Safe(string text, bool keepNewlines = false)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var escape = c is < ' ' or '\x7f' or (>= '\x80' and <= '\x9f') or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069')
                         && !(keepNewlines && c == '\n');
            if (!escape)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(c <= '\xff' ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
        }
        return sb?.ToString() ?? text;
    }
}
