using System.Globalization;
using System.Text;

namespace NotebookKit.Visualization;

/// <summary>
/// A small inline-SVG chart of loss and accuracy per epoch. Unlike the Plotly charts it needs no script, so a
/// live progress display can redraw it many times cheaply and it shows in any HTML viewer.
/// </summary>
public static class HistorySvg
{
    static readonly (string Name, string Colour, bool Accuracy, Func<EpochRecord, double> Value)[] Series =
    [
        ("train loss", "#1f77b4", false, r => r.TrainLoss),
        ("val loss", "#ff7f0e", false, r => r.ValLoss),
        ("val acc", "#2ca02c", true, r => r.ValAccuracy),
    ];

    /// <summary>Losses share the left scale (0 to the largest loss); accuracy uses 0–100% on the right. Empty history gives an empty string.</summary>
    public static string LossAndAccuracy(IReadOnlyList<EpochRecord> history, int width = 360, int height = 140)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) return "";
        const int left = 40, right = 40, top = 18, bottom = 20;
        double plotW = width - left - right, plotH = height - top - bottom;
        var maxLoss = Math.Max(1e-9, history.Max(r => Math.Max(Finite(r.TrainLoss), Finite(r.ValLoss))));
        var inv = CultureInfo.InvariantCulture;
        double X(int i) => left + (history.Count == 1 ? plotW / 2 : plotW * i / (history.Count - 1));
        double Y(double v, bool accuracy) => top + plotH * (1 - Math.Clamp(Finite(v) / (accuracy ? 1 : maxLoss), 0, 1));

        var sb = new StringBuilder();
        sb.Append(inv, $"<svg class=\"nbk-history\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"10\">");
        sb.Append(inv, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        sb.Append(inv, $"<text x=\"{left - 4}\" y=\"{top + 4}\" text-anchor=\"end\">{maxLoss:0.##}</text><text x=\"{left - 4}\" y=\"{top + plotH}\" text-anchor=\"end\">0</text>");
        sb.Append(inv, $"<text x=\"{left + plotW + 4}\" y=\"{top + 4}\">100%</text><text x=\"{left + plotW + 4}\" y=\"{top + plotH}\">0%</text>");
        sb.Append(inv, $"<text x=\"{left + plotW / 2}\" y=\"{height - 4}\" text-anchor=\"middle\">epoch 1–{history[^1].Epoch}</text>");
        var legendX = (double)left;
        foreach (var (name, colour, accuracy, value) in Series)
        {
            var points = string.Join(" ", history.Select((r, i) => string.Create(inv, $"{X(i):0.#},{Y(value(r), accuracy):0.#}")));
            sb.Append(inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"{(accuracy ? " stroke-dasharray=\"4 2\"" : "")} points=\"{points}\"/>");
            sb.Append(inv, $"<text x=\"{legendX:0}\" y=\"12\" fill=\"{colour}\">{name}</text>");
            legendX += 70;
        }
        return sb.Append("</svg>").ToString();
    }

    static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
