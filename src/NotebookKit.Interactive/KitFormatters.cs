using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Notebooks;
using NotebookKit.Visualization;
using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace NotebookKit.Interactive;

/// <summary>text/html formatters for the kit's results (charts also text/plain). The markup itself comes from plain, unit-tested classes.</summary>
static class KitFormatters
{
    public const string Html = "text/html";
    public const string Plain = "text/plain";
    public const string Svg = "image/svg+xml";

    public static void Register()
    {
        Formatter.Register<GenericChart>(chart => PlotlyOnce.Session.Html(chart), Html);
        // A chart ending a cell carries a static picture and its summary too, for viewers that run no scripts.
        Formatter.Register<GenericChart>(ChartSvg.Render, Svg);
        Formatter.Register<GenericChart>(ChartSummary.Text, Plain);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), Html, Svg, Plain);
        Formatter.Register<Tensor>(TensorHtml.Summary, Html);
        Formatter.Register<Image<Rgb24>>(image => ImageHtml.Png(image), Html);
        Formatter.Register<ImageFolder>(DataHtml.Summary, Html);
        Formatter.Register<ImageDataset>(DataHtml.Summary, Html);
        Formatter.Register<ClassificationReport>(EvaluationHtml.Report, Html);
        Formatter.Register<IReadOnlyList<ConfusedPair>>(EvaluationHtml.MostConfused, Html);
        Formatter.Register<IEnumerable<EpochRecord>>(HistoryHtml.Table, Html);
        // After Microsoft.Data.Analysis' own extension: no index column, three significant digits, blanks for nulls.
        Formatter.Register<Microsoft.Data.Analysis.DataFrame>(FrameHtml.Table, Html);
        Formatter.Register<HtmlView>(view => view.Markup, Html);
        Formatter.Register<HtmlView>(view => view.PlainText ?? view.Title, Plain);
        Formatter.Register<HtmlView>(view => view.Svg ?? "", Svg);
    }
}
