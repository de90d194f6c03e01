using System.Net;
using System.Text.RegularExpressions;
using NotebookKit.Evaluation;
using NotebookKit.Tests.Evaluation;
using NotebookKit.Tests.Support;
using NotebookKit.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Tests.Visualization;

public class HtmlViewsTests
{
    [Fact]
    public void Loss_gallery_captions_each_image_and_outlines_mistakes()
    {
        var cat = SharedData.Photo(cls: "cat");
        var dog = SharedData.Photo(cls: "dog");
        SampleLoss[] losses = [new(cat, "cat", "dog", 0.91, 2.41), new(dog, "dog", "dog", 0.6, 0.51)];

        var html = ImageGallery.Losses(losses, thumbnail: 48);
        var text = WebUtility.HtmlDecode(html);

        Assert.Equal(2, Regex.Matches(html, "data:image/jpeg;base64,").Count);
        Assert.Contains($"cat → dog · p 0.91 · loss 2.41 · test/cat/{Path.GetFileName(cat)}", text);
        Assert.Contains($"dog → dog · p 0.60 · loss 0.51 · test/dog/{Path.GetFileName(dog)}", text);
        Assert.Contains($"title=\"{cat}\"", text); // hover shows where the file is
        Assert.Single(Regex.Matches(html, "border:2px solid #d62728"));
        Assert.Contains("Top losses", html);
    }

    [Fact]
    public void Label_issue_gallery_says_where_each_photo_is_filed_and_what_it_looks_like()
    {
        var cat = SharedData.Photo(cls: "cat");
        var html = ImageGallery.LabelIssues([new LabelIssue(cat, "cat", "dog", 0.04, 0.96)], thumbnail: 48);
        var text = WebUtility.HtmlDecode(html);

        Assert.Single(Regex.Matches(html, "data:image/jpeg;base64,"));
        Assert.Contains($"filed under cat · looks like dog (0.96) · test/cat/{Path.GetFileName(cat)}", text);
        Assert.Contains("Suspected label errors", text);
        Assert.Contains($"title=\"{cat}\"", text);
    }

    [Fact]
    public void Label_issue_gallery_caps_the_photos_and_says_how_many_there_are()
    {
        var cat = SharedData.Photo(cls: "cat");
        var issues = Enumerable.Range(0, 5).Select(i => new LabelIssue(cat, "cat", "dog", 0.01 * i, 0.9)).ToList();
        var html = WebUtility.HtmlDecode(ImageGallery.LabelIssues(issues, thumbnail: 32, max: 2));

        Assert.Equal(2, Regex.Matches(html, "data:image/jpeg;base64,").Count);
        Assert.Contains("Suspected label errors (2 of 5 shown, the least confident in their label first)", html);
        Assert.DoesNotContain("shown", ImageGallery.LabelIssues(issues, thumbnail: 32, max: 5));
    }

    [Fact]
    public void Label_check_gives_accuracy_bars_and_warns_when_the_model_is_too_weak()
    {
        var cat = SharedData.Photo(cls: "cat");
        var dog = SharedData.Photo(cls: "dog");
        // Two of four right: 50% out-of-fold. Bars: cat (0.9 + 0.2)/2, dog (0.4 + 0.7)/2.
        var weak = new PredictionSet(["cat", "dog"], [cat, dog, cat, dog], [0, 1, 0, 1], [[0.9f, 0.1f], [0.6f, 0.4f], [0.2f, 0.8f], [0.3f, 0.7f]]);
        var text = WebUtility.HtmlDecode(ImageGallery.LabelCheck(weak, max: 1, thumbnail: 32));
        Assert.Contains("Out-of-fold accuracy 50.0% on 4 photos", text);
        Assert.Contains("cat ≥ 0.55, dog ≥ 0.55", text);
        Assert.Contains("⚠ Out-of-fold accuracy 50.0% is below 70%", text);
        Assert.Contains("(1 of 2 shown", text);
        Assert.DoesNotContain("⚠", WebUtility.HtmlDecode(ImageGallery.LabelCheck(weak, minAccuracy: 0.5, thumbnail: 32)));
    }

    [Fact]
    public void An_empty_gallery_says_none_found_and_captions_wrap()
    {
        Assert.Contains("none found", ImageGallery.LabelIssues([]));
        Assert.DoesNotContain("none found", ImageGallery.LabelIssues([new LabelIssue(SharedData.Photo(cls: "cat"), "cat", "dog", 0.1, 0.9)], thumbnail: 32));
        Assert.Contains("overflow-wrap:anywhere", ImageGallery.LabelIssues([new LabelIssue(SharedData.Photo(cls: "cat"), "cat", "dog", 0.1, 0.9)], thumbnail: 32));
    }

    [Fact]
    public void In_memory_gallery_encodes_the_images_and_escapes_captions()
    {
        using var red = new Image<Rgb24>(20, 10, new Rgb24(255, 0, 0));
        var html = ImageGallery.Html([new GalleryImage(red, "<b>cam</b>", Highlight: true)], thumbnail: 32, columns: 2, title: "maps");
        Assert.Contains("data:image/jpeg;base64,", html);
        Assert.Contains("&lt;b&gt;cam&lt;/b&gt;", html);
        Assert.Contains("#d62728", html);
        Assert.Equal((20, 10), (red.Width, red.Height));
    }

    [Fact]
    public void Report_table_has_every_class_the_intervals_and_the_accuracy_line()
    {
        var report = ClassificationReportTests.Animal(bootstrap: 200);
        var html = EvaluationHtml.Report(report);

        Assert.StartsWith("<div class=\"nbk-report\">", html);
        foreach (var c in report.Classes) Assert.Contains($">{c}</td>", html);
        Assert.Contains("f1 95% CI", html);
        Assert.Contains("macro avg", html);
        Assert.Contains($"accuracy {report.Accuracy:0.000} (95% Wilson CI ", html);
        Assert.DoesNotContain("f1 95% CI", EvaluationHtml.Report(ClassificationReportTests.Animal()));
    }

    [Fact]
    public void Most_confused_table_lists_pairs_in_order()
    {
        var html = EvaluationHtml.MostConfused([new ConfusedPair("cat", "dog", 3), new ConfusedPair("dog", "bird", 1)]);
        Assert.Contains("<th style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:left\">true</th>", html);
        Assert.True(html.IndexOf(">cat<", StringComparison.Ordinal) < html.IndexOf(">bird<", StringComparison.Ordinal));
        Assert.Contains(">3</td>", html);
    }

    [Fact]
    public void History_table_and_svg_show_every_epoch()
    {
        EpochRecord[] history = [new(1, 0.9, 0.8, 0.6, 0.65, 1.5, [1e-3], "head"), new(2, 0.5, 0.6, 0.8, 0.75, 1.4, [5e-4], "head")];
        var table = HistoryHtml.Table(history);
        Assert.Contains(">stage</th>", table);
        Assert.Contains(">75.0%</td>", table);
        Assert.Contains(">5e-4</td>", table);

        var svg = HistorySvg.LossAndAccuracy(history);
        Assert.StartsWith("<svg", svg);
        Assert.Equal(3, Regex.Matches(svg, "<polyline").Count);
        Assert.Equal("", HistorySvg.LossAndAccuracy([]));
    }

    [Fact]
    public void Dataset_summary_counts_images_per_class_and_split()
    {
        var data = Photos.CatsDogs(perClass: 4);
        var html = DataHtml.Summary(data);
        Assert.Contains("2 classes", html);
        Assert.Contains(">train</th>", html);
        Assert.Contains(">cat</td><td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:right\">4</td>", html);
        Assert.Contains(">total</td>", html);
        Assert.Contains(">train: 2 classes, 8 images<", DataHtml.Summary(data.Train));
    }

    [Fact]
    public void Image_becomes_an_inline_png_scaled_down_only()
    {
        using var image = new Image<Rgb24>(40, 20);
        Assert.Contains("width=\"40\" height=\"20\"", ImageHtml.Png(image));
        var small = ImageHtml.Png(image, maxSide: 10);
        Assert.StartsWith("<img src=\"data:image/png;base64,", small);
        Assert.Contains("width=\"10\" height=\"5\"", small);
    }
}
