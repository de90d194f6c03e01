using System.Globalization;
using System.Text;

namespace NotebookKit.Evaluation;

public sealed partial record ClassificationReport
{
    /// <summary>The confusion matrix as a text table: rows are true classes, columns predicted ones.</summary>
    public string ConfusionMatrixText()
    {
        var width = Math.Max(8, Classes.Max(c => c.Length) + 2);
        var sb = new StringBuilder("true \\ predicted".PadRight(width + 8));
        foreach (var c in Classes) sb.Append(c.PadLeft(width));
        sb.AppendLine();
        for (var i = 0; i < Classes.Count; i++)
        {
            sb.Append(Classes[i].PadRight(width + 8));
            foreach (var n in ConfusionMatrix[i]) sb.Append(n.ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
