using System.CommandLine;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Platform;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>datasets list</c> and <c>datasets download NAME [--to DIR] [--trust-new-checksum]</c>.</summary>
public static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "List and download public image datasets (data/catalog.json).");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Download());
        return command;
    }

    static Command List()
    {
        var list = new Command("list", "Show the datasets the catalog knows, with licence and size.");
        list.SetAction(_ =>
        {
            var table = new Table().AddColumns("name", "title", "licence", "size", "checksum");
            foreach (var e in DatasetCatalog.Default.Entries)
                table.AddRow(Markup.Escape(e.Name), Markup.Escape(e.Title), Markup.Escape(e.License),
                    e.SizeBytes is { } b ? $"{b / 1e6:N0} MB" : "?", e.Sha256 is null ? "[yellow]unknown[/]" : "sha256");
            AnsiConsole.Write(table);
            return 0;
        });
        return list;
    }

    static Command Download()
    {
        var name = new Argument<string>("name") { Description = "Dataset name from `datasets list`." };
        var to = new Option<string?>("--to") { Description = "Destination folder (default: data/<name>/)." };
        var trust = new Option<bool>("--trust-new-checksum") { Description = "Accept a dataset whose catalog entry has no SHA-256 (check the printed hash first)." };
        var download = new Command("download", "Download, verify and extract a dataset into class folders.");
        download.Arguments.Add(name);
        download.Options.Add(to);
        download.Options.Add(trust);
        download.SetAction(async (parseResult, ct) =>
        {
            try
            {
                var entry = DatasetCatalog.Default.Find(parseResult.GetValue(name)!);
                var destination = parseResult.GetValue(to) ?? DatasetDownloader.DefaultDestination(entry);
                AnsiConsole.MarkupLine($"{Markup.Escape(entry.Title)} — {Markup.Escape(entry.License)} ({Markup.Escape(entry.LicenseUrl ?? entry.Homepage)})");
                var result = await AnsiConsole.Progress().StartAsync(async ctx =>
                {
                    var bar = ctx.AddTask("download", maxValue: 1);
                    var progress = new SynchronousProgress(p =>
                    {
                        bar.Description = p.Stage.ToString().ToLowerInvariant();
                        if (p.Fraction is { } f) bar.Value = f;
                        if (p.Stage == DownloadStage.Done) bar.Value = 1;
                    });
                    return await DatasetDownloader.DownloadAsync(entry, destination, progress, ct,
                        new DownloadOptions { TrustNewChecksum = parseResult.GetValue(trust) });
                });
                AnsiConsole.MarkupLine($"SHA-256 {result.Sha256}{(result.ChecksumVerified ? " [green]verified[/]" : " [yellow]not in the catalog (trusted on request)[/]")}");
                if (result.Skipped.Count > 0) AnsiConsole.MarkupLine($"[yellow]{result.Skipped.Count} archive entries left out[/] (links or non-images).");
                AnsiConsole.MarkupLine($"Ready: [bold]{Markup.Escape(result.Path)}[/] — open it with ImageFolder.Open(\"{Markup.Escape(result.Path)}\").");
                return 0;
            }
            catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                CliErrors.Line($"error: {CliErrors.Message(e)}");
                return 2;
            }
        });
        return download;
    }

    /// <summary>Reports on the calling thread: Progress&lt;T&gt; would post late updates after the bar has finished.</summary>
    sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
