#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/00-setup.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Diagnostics;
using NotebookKit.Notebooks;

// # 0 · Setup: your machine, your data, two ways to run
//
// Before the course starts, check that everything it needs is in place. This notebook changes nothing on your
// machine: it only looks.
//
// **What you will learn**
// - what the kit needs (the .NET 10 SDK, TorchSharp's native libraries, the pretrained weights) and how to check it;
// - where the photos come from: the workshop folder, a public download, or your own folder;
// - quick mode versus full mode, and how to run a chapter with or without a notebook kernel.
//
// **Time plan.** Reading 10 min, exercise 5 min. Run time: see the measured table in the
// [README](../README.md#notebooks). Next: [01 · Classic CNNs](01-image-classification-and-cnns.ipynb).

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

var broken = report.Checks.Where(c => c.Status == CheckStatus.Broken).Select(c => $"{c.Name}: {c.Fix}").ToList();
Lesson.Expect("the doctor finds nothing broken: the course can run here", report.IsHealthy,
    broken.Count == 0 ? $"{report.Count(CheckStatus.Ok)} checks OK, {report.Count(CheckStatus.Warning)} warnings" : "run 'notebookkit doctor --fix' in a terminal; " + string.Join("; ", broken));

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
// Set `NOTEBOOKKIT_QUICK=1` before starting the kernel (or run `notebooks run --quick`) and every chapter shrinks what
// is expensive — training photos, epochs, layers that train — while keeping what its lesson needs to show: by default
// `Kit.Open` keeps 40 training photos per class and **all** validation and test photos (scoring a photo costs one
// forward pass, cached after the first run), so the claims are checked on as many test photos as in full mode. What
// each chapter's quick mode uses:
//
// | chapter | quick mode keeps (per class) | and trains |
// |---|---|---|
// | 1 · classic CNNs | 40 training, 20 validation, 20 test photos | the same networks and epochs as full mode |
// | 2 · transfer learning | 40 training photos; all validation and test | the head for 5 epochs instead of 10 |
// | 3 · data and models | 40 training photos; all validation and test | nothing |
// | 4 · fine-tuning | 12 training photos; all validation and test | batches of 8; two strategies instead of three, up to 3 epochs each |
// | 5 · evaluation | 40 training photos; all validation and test | the head for 5 epochs instead of 15 |
// | 6 · cats vs dogs | 100 training photos; all validation and test | each head for 5 epochs instead of 10 |
// | 7 · plants | every photo | `layer4` + head from cached activations for 3 epochs, instead of every layer for 8 |
// | 8 · playground | 24 training photos; all validation and test | batches of 8, 3 epochs per run instead of 1 |
//
// What it costs: the first run of a chapter computes the frozen layers' output for each photo once and caches it
// (`activations/`, below), so a second run skips that; the rest is training, which in chapters 1, 4, 7 and 8 runs
// layers beyond the head. The [README](../README.md#notebooks) lists measured times per chapter. Every chapter checks
// its claims (`Claim held: …`) on the numbers it just computed, in either mode; numbers quoted in the prose are marked
// as full-mode references with their date.

Console.WriteLine(Kit.Quick ? "quick mode: fewer training photos and epochs, every validation and test photo" : "full mode: all images, all epochs");
var data = Kit.Open("cats-dogs");
Console.WriteLine(data);
Lesson.Expect("cats vs dogs has its two classes and every split", data.Classes.Count == 2 && data.Val.Count > 0 && data.Test is { Count: > 0 },
    $"classes [{string.Join(", ", data.Classes)}]; {data.Train.Count} train, {data.Val.Count} val, {data.Test?.Count ?? 0} test photos");

// ## The pretrained models
//
// The course's default model, `resnet-cntk`, ships inside a NuGet package, so it works offline. The torchvision
// models download their weights once (with a checksum) into the kit's cache; without internet, copy the file named
// in the error message into that folder.
//
// **One large download, and only if you ask for it:** the article's case study uses **VGG16**, whose torchvision
// weights are **528 MB**. [Chapter 6](06-case-study-cats-dogs.ipynb) uses VGG16 when its weights are already in the
// cache, and otherwise the offline ResNet — it never starts the download itself. To get it, run
// `Pretrained.Backbone("vgg16");` in a cell once (with a network; progress is printed), or pack it for a workshop with
// `workshop pack … --models resnet-cntk vgg16`.

Console.WriteLine(Pretrained.Table());

var vgg = Pretrained.Get("vgg16").Weights!;
Console.WriteLine(vgg.IsCached ? $"VGG16 weights present: {vgg.CachePath} (chapter 6 will use VGG16)"
    : $"VGG16 weights not downloaded (chapter 6 will use resnet-cntk): {vgg.Url} → {vgg.CachePath}");

// ## Three ways to run a chapter
//
// 1. **VS Code + Polyglot Notebooks**: open a notebook, pick the *.NET Interactive* kernel, *Run All*.
// 2. **Jupyter with the .NET kernel**: `dotnet tool run dotnet-interactive jupyter install`, then open the notebooks in
//    JupyterLab.
// 3. **Without any notebook kernel**: every chapter also exists as a .NET 10 file-based app generated from the
//    notebook: `dotnet run notebooks/apps/06-case-study-cats-dogs.cs`. Text goes to the console; charts and
//    galleries are written as HTML pages whose paths are printed.

// ## Resetting: state, caches and how to clear them
//
// Every chapter creates its `model` and `learn` near the top, and the cells that train (`Fit…`, `FineTune`), freeze
// or unfreeze change them for every later cell: chapter 3's "freezing by hand" cell switches off the gradients of its
// `model`, chapter 4's `FineTune` and chapter 7's `Unfreeze` train the backbone itself, and the LR finder restores the
// weights it touched. To start a chapter afresh, restart the kernel and *Run All*; to redo one experiment, re-run from
// the cell that creates its `model`.
//
// The kit keeps everything it computes outside the repository, in one cache folder (`NOTEBOOKKIT_CACHE` when set,
// else the OS cache folder + `notebookkit`, e.g. `~/.cache/notebookkit`); the next cell prints where it is here:
//
// - `weights/` — converted and downloaded pretrained weights (VGG16's 528 MB among them once downloaded);
// - `activations/` — cached features of frozen layers, per photo, model and preprocessing: this is what makes a second
//   run fast; deleting it is always safe (they are recomputed, slowly, the next time);
// - `feed/` — the NotebookKit package the first cell loads (rebuilt by `notebooks setup`); `logs/` and `backups/`.
//
// To clear a cache, close the notebooks and delete its folder (for example `rm -rf ~/.cache/notebookkit/activations`).

Console.WriteLine($"kit cache:   {KitPaths.CacheRoot}");
Console.WriteLine($"weights:     {KitPaths.WeightsCache}");
Console.WriteLine($"activations: {KitPaths.ActivationsCache}");

// ## Exercise
//
// How many photos will the course train on? Open the plants dataset with `Kit.Open("plants")` and count its
// training photos. **Expected:** 400 in full mode (80 per class, five classes), 200 in quick mode.
//
// Solution (collapsed; expand to see):

var plants = Kit.Open("plants");
Console.WriteLine(plants);
Lesson.Expect("the plants training split has 80 photos per class (40 in quick mode)", plants.Train.Count == Kit.Pick(400, 200), $"{plants.Train.Count} training photos");

// ## Summary
//
// If the doctor says *Ready* and both datasets were found, you are set. Continue with
// **[01 · Image classification and classic CNNs](01-image-classification-and-cnns.ipynb)**.
