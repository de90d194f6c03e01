using System.CommandLine;
using NotebookKit.Cli.Commands;
using NotebookKit.Models;
using NotebookKit.Notebooks;

WeightsDownloader.Progress = new TextDownloadProgress();
var root = new RootCommand("notebookkit — transfer learning for image classification");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(NotebooksCommand.Create());
root.Subcommands.Add(JupyterCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(LrFindCommand.Create());
root.Subcommands.Add(GridCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(WorkshopCommand.Create());
return root.Parse(args).Invoke();
