using System.CommandLine;
using NotebookKit.Cli.Commands;

var root = new RootCommand("notebookkit — transfer learning for image classification");
root.Subcommands.Add(DoctorCommand.Create());
return root.Parse(args).Invoke();
