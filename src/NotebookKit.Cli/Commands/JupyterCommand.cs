using System.CommandLine;
using NotebookKit.Cli.Jupyter;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Platform;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>jupyter install [--uninstall]</c>: check the Jupyter on this machine and register the .NET C# kernel with it.</summary>
static class JupyterCommand
{
    public static Command Create()
    {
        var uninstall = new Option<bool>("--uninstall") { Description = "Remove the .net-csharp kernel spec instead" };
        var install = new Command("install", "Register a .NET C# kernel that starts from any folder and keeps its HTTP API on loopback") { uninstall };
        install.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var jupyter = JupyterInstallation.Find(ct);
            if (jupyter is null || !jupyter.Versions.ContainsKey("jupyter_client"))
                throw new FileNotFoundException($"Jupyter is not installed (no `jupyter` command with jupyter_client). {JupyterInstallation.InstallHint}");
            Report(jupyter);

            if (parse.GetValue(uninstall))
            {
                AnsiConsole.MarkupLine(JupyterSetup.Uninstall(ct) ? $"[green]✓[/] removed the {KernelSpec.Name} kernel spec" : $"no {KernelSpec.Name} kernel spec was registered");
                return 0;
            }
            var spec = KernelSpec.ForRepository(RepoLayout.Find(), KitPaths.NuGetPackagesRoot);
            var where = JupyterSetup.Install(spec, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]✓[/] registered {KernelSpec.Name} (.NET (C#)) in {where}");
            AnsiConsole.MarkupLineInterpolated($"  starts {spec.EntryAssembly} from any folder; HTTP API on loopback only (--http-local-only)");
            AnsiConsole.MarkupLine("  Run `notebookkit notebooks setup` once (and after library changes) so `#r \"nuget: NotebookKit, …\"` finds the package.");
            return 0;
        })));
        return new Command("jupyter", "Jupyter with the .NET kernel: check what is installed, register or remove the kernel") { install };
    }

    static void Report(JupyterInstallation jupyter)
    {
        var missing = new List<string>();
        foreach (var (package, purpose) in JupyterInstallation.Components)
        {
            var found = jupyter.Versions.TryGetValue(package, out var version);
            if (!found && package != "jupyterlab") missing.Add(package);
            AnsiConsole.MarkupLine((found ? "[green]✓[/] " : "[yellow]-[/] ") + Markup.Escape($"{package} {version ?? "not installed"}: {purpose}"));
        }
        if (missing.Count > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]missing: {string.Join(", ", missing)}.[/] {JupyterInstallation.InstallHint}");
    }
}
