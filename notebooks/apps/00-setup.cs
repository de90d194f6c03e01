#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
// Generated from notebooks/00-setup.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Models;
using NotebookKit.Platform;

// # 0 · Setup: your machine, your data, two ways to run
//
// Before the course starts, check that everything it needs is in place. This notebook changes nothing on your
// machine: it only looks.
//
// **What you will learn**
// - what the kit needs (the .NET 10 SDK, TorchSharp's native libraries, the pretrained weights) and how to check it;
// - where the photos come from: the workshop folder, a public download, or your own folder;
// - quick mode versus full mode, and how to run a chapter with or without a notebook kernel.

// ## Load the kit
//
// The first cell of every chapter loads the library as a NuGet package, which also brings TorchSharp,
// ImageSharp, Plotly.NET and the rest. The package comes from a local feed that
// `dotnet run --project src/NotebookKit.Cli -c Release -- notebooks setup` builds from the repository; run that
// once before opening the notebooks, and again (then restart the kernel) after changing the library.

// ## The environment doctor
//
// The doctor checks .NET, the operating system's C++ runtime (TorchSharp 0.107 asks for a newer one than Debian 12
// and Ubuntu 22.04 ship; the doctor's fix patches one harmless version requirement), TorchSharp's native libraries,
// a system libtorch that could shadow them, the number of threads, the pretrained weights and the notebook tools.
// Every line says what to do when it is not OK; `environment.md` explains each check per operating system.

var report = Doctor.Run();
Console.WriteLine(report.ToDataFrame());

Console.WriteLine(report.IsHealthy ? "Ready to go." : "Something needs fixing: run 'notebookkit doctor --fix' in a terminal.");

// ## Where the photos come from
//
// Chapters ask for datasets by name. `Kit.DataPath` looks, in order, at `$NOTEBOOKKIT_DATA/<name>`, at
// `data/<name>/` in the repository (where downloads land) and at a workshop folder `../shared/datasets/<name>`.
// Any folder of class folders works too: pass its path to `ImageFolder.Open`.

Console.WriteLine(Kit.DataPath("cats-dogs"));
Console.WriteLine(Kit.DataPath("plants"));

// Public datasets the kit can download (with checksums, resumable, safely extracted). In a terminal:
// `dotnet run --project src/NotebookKit.Cli -c Release -- datasets download flowers`.

foreach (var entry in DatasetCatalog.Default.Entries)
    Console.WriteLine(entry);

// ## Quick mode and full mode
//
// Set `NOTEBOOKKIT_QUICK=1` before starting the kernel (or run `notebooks run --quick`) and every chapter shrinks
// its data and epochs so it finishes in about a minute: handy for a first look or a slow laptop. The numbers in the
// chapter summaries are from full mode.

Console.WriteLine(Kit.Quick ? "quick mode: small subsets, few epochs" : "full mode: all images, all epochs");
var data = Kit.Open("cats-dogs");
Console.WriteLine(data);

// ## The pretrained models
//
// The course's default model, `resnet-cntk`, ships inside a NuGet package, so it works offline. The torchvision
// models download their weights once (with a checksum) into the kit's cache; without internet, copy the file named
// in the error message into that folder.

Console.WriteLine(Pretrained.Table());

// ## Three ways to run a chapter
//
// 1. **VS Code + Polyglot Notebooks**: open a notebook, pick the *.NET Interactive* kernel, *Run All*.
// 2. **Jupyter with the .NET kernel**: `dotnet tool run dotnet-interactive jupyter install`, then open the notebooks in
//    JupyterLab.
// 3. **Without any notebook kernel**: every chapter also exists as a .NET 10 file-based app generated from the
//    notebook: `dotnet run notebooks/apps/06-case-study-cats-dogs.cs`. Text goes to the console; charts and
//    galleries are written as HTML pages whose paths are printed.
//
// ## Summary
//
// If the doctor says *Ready* and both datasets were found, you are set. Continue with
// **01 · Image classification and classic CNNs**.
