#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/08-playground.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using NotebookKit.Evaluation;
using NotebookKit.Explainability;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 8 · Playground: your turn
//
// One cell to edit, one table and one heat map to read. Pick freezing strategies, learning rates and a schedule; the
// grid trains each combination on the same data with the same seed, reusing cached activations wherever the frozen
// part allows, and reports validation accuracy with the time each run took. The test split is scored once, for the
// setting chosen on validation.
//
// **What you will practise**
// - reading a freeze × learning-rate grid and choosing on *validation* accuracy;
// - seeing how cost grows as more layers train.
//
// **Before you start.** The strategies and schedules are the ones of [chapter 4](04-fine-tuning.ipynb); the photos
// are the cats and dogs of [chapter 6](06-case-study-cats-dogs.ipynb). *Quick mode* (`NOTEBOOKKIT_QUICK=1`, what
// `notebooks run --quick` and CI use) keeps 24 training photos per class instead of 400, batches of 8 instead of 32, and
// 3 epochs instead of 1 per run, so that every run still takes enough optimizer steps to differ (a full-mode epoch is already 25
// steps). Validation and test keep all their photos (100 per class): scoring a photo costs one cached
// forward pass, and 200 validation photos make the grid's differences readable.
//
// **Time plan.** Reading and running: 10 minutes; exercises: 20–30 minutes (exercise 2 trains the whole network and is
// the slow one). The run time of this notebook in each mode is in the README's table of measured times.

var data = Kit.Open("cats-dogs", quickTrainPerClass: 24);
var backbone = Kit.BackboneOrOffline("resnet-cntk"); // ✏️ one place to swap it: "convnext_tiny", "efficientnet_v2_s", … (chapter 3's zoo)
var learn = Kit.Learner(backbone, data, batchSize: Kit.Pick(32, 8));

// ## ✏️ Edit this cell
//
// Strategies: `FreezeSpec.Backbone` (head only), `FreezeSpec.From("layer4")` (layer4 + head),
// `FreezeSpec.From("layer3")`, `FreezeSpec.None` (everything). Schedules: `LrSchedule.Constant`,
// `LrSchedule.OneCycle()`, `LrSchedule.Cosine()`, `LrSchedule.Step(100)`.

FreezeSpec[] strategies = [FreezeSpec.Backbone, FreezeSpec.From("layer4")];
double[] lrs = [1e-4, 1e-3, 1e-2];
LrSchedule schedule = LrSchedule.OneCycle();
var epochs = Kit.Pick(1, 3);

var runs = ExperimentGrid.Run(learn, strategies, lrs, [schedule], epochs);
Console.WriteLine(ExperimentGrid.ToDataFrame(runs));

var pivot = GridPivot.Of(runs);
Show.Chart(ExperimentCharts.Grid(pivot.Rows, pivot.Columns, pivot.Values));

// The lesson of the grid, checked as a claim that can fail: the settings you choose between matter — its best run
// beats its worst by at least a tenth of the validation photos (a gap no lucky photo makes). Then the chosen setting's
// one look at the test photos. Expect it to score a little *lower* than on validation: the chosen run is the one that
// did best on those validation photos, so part of its validation score is the luck of being chosen (the "winner's
// curse"). That is why the test split is scored once, at the end: it is the honest number. The line under the scores
// says which way this run went.

var chosen = ExperimentGrid.Chosen(runs);
var test = learn.GetPreds(data.Test!); // once, for the setting chosen on validation
var (best, worst) = (runs.MaxBy(r => r.ValAccuracy)!, runs.MinBy(r => r.ValAccuracy)!);
Lesson.ExpectMargin("the grid's settings matter: its best run beats its worst by a tenth of the validation photos or more", best.ValAccuracy, worst.ValAccuracy, data.Val.Count, minPhotos: data.Val.Count / 10);
var valInterval = Wilson.Interval((int)Math.Round(chosen.ValAccuracy * data.Val.Count), data.Val.Count);
Console.WriteLine($"chosen {chosen.Strategy} at lr {chosen.Lr:G2}: validation {chosen.ValAccuracy:P1} (95% CI {valInterval}), test {test.Accuracy:P1} (95% CI {test.Report().AccuracyInterval})");
Lesson.Interpret(test.Accuracy >= valInterval.Low, "The test score lies inside the validation interval: the choice holds up on photos it never saw.",
    "The test score is below the validation interval: part of the chosen run's validation score was the luck of being chosen. The test score is the one to report.");

// ## Exercises
//
// Expected ranges are given for both modes; validation has 200 photos in both, so one photo is half a point.
//
// 1. **Too fast, too slow.** With `FreezeSpec.Backbone`, compare `1e-4`, `1e-3` and `1e-2` in the table above. Which
//    one under-trains in the same number of epochs? Expected: `1e-4` is the head's worst rate in both modes, 10–35
//    points below the best (full-mode reference, measured 2026-12-01, one epoch a run: 72% at `1e-4`, 95.5% at `1e-3`, 97.5% at `1e-2`).
// 2. **Cost of depth.** Add `FreezeSpec.None` and compare the `seconds` column with `FreezeSpec.From("layer4")`. The
//    full network cannot use the activation cache, so each of its epochs runs every layer forward and backward; expect
//    it to cost several times `layer4` + head (full-mode reference, measured 2026-12-01 in chapter 4 under load: 159 s
//    against 71 s for three epochs on 400 photos).
// 3. **Schedules.** Swap `LrSchedule.OneCycle()` for `LrSchedule.Constant` at `1e-3` with the head alone. Does warm-up
//    and annealing matter for so few epochs? Expected: hardly; both land within 15 points of each other and at 75% or
//    more on validation in quick mode (in full mode within 5 points, at 90% or more).
// 4. **Your own photos.** Replace `Kit.Open("cats-dogs")` with `ImageFolder.Open("/path/to/your/folder")`: class
//    folders, or `train/ val/ test/` splits of class folders. [Chapter 3](03-data-and-pretrained-models.ipynb) shows
//    how to check such a folder first.

// **Solution 1** (collapsed; expand to see):

// Solution 1: the head alone at each rate, slowest first.
var head = runs.Where(r => r.Strategy == "backbone").OrderBy(r => r.Lr).ToList();
foreach (var r in head) Console.WriteLine($"head only at {r.Lr:G1}: validation {r.ValAccuracy:P1} after {r.Epochs} epochs");
Lesson.Expect("at 1e-4 the head under-trains: its worst rate, 10 points or more below its best",
    head[0].ValAccuracy == head.Min(r => r.ValAccuracy) && head.Max(r => r.ValAccuracy) - head[0].ValAccuracy >= 0.1,
    $"{head[0].ValAccuracy:P1} at 1e-4, best {head.Max(r => r.ValAccuracy):P1}");

// **Solution 3** (collapsed; expand to see):

// Solution 3: a fresh model (the grid left `learn` holding its chosen run), head only at 1e-3, two schedules.
var fresh = Kit.Learner(backbone, data, batchSize: Kit.Pick(32, 8));
var bySchedule = ExperimentGrid.Run(fresh, [FreezeSpec.Backbone], [1e-3], [LrSchedule.OneCycle(), LrSchedule.Constant], epochs);
foreach (var r in bySchedule) Console.WriteLine($"{r.Schedule,-16} validation {r.ValAccuracy:P1} (loss {r.ValLoss:F3})");
var gap = Math.Abs(bySchedule[0].ValAccuracy - bySchedule[1].ValAccuracy);
Lesson.Expect("for the head alone the schedule hardly matters", gap <= Kit.Pick(0.05, 0.15) && bySchedule.Min(r => r.ValAccuracy) >= Kit.Pick(0.9, 0.75),
    $"{bySchedule[0].Schedule} {bySchedule[0].ValAccuracy:P1}, {bySchedule[1].Schedule} {bySchedule[1].ValAccuracy:P1}: {100 * gap:0.0} points apart");

// ## Summary
//
// Full-mode reference, measured 2026-12-01 on the shared cats-vs-dogs photos with their corrected labels (800 train /
// 200 val / 200 test, 2 CPU cores): validation accuracy ranged from 72% (head alone at `1e-4`, under-trained) to 97.5%
// (head alone at `1e-2`, and `layer4` + head at `1e-3`); the grid kept the first of those, the head alone at
// `1e-2`, and its one look at the test split gave 97.0%. Your run's numbers are in the outputs above. The best cell
// of the heat map is your recipe; the grid hands it back to `learn`, and the test split is scored once, for that cell
// only.
//
// Back to the start: [00 · Setup](00-setup.ipynb). References: the
// [torchvision models](https://docs.pytorch.org/vision/stable/models.html) the zoo follows, and Keras'
// [transfer-learning guide](https://keras.io/guides/transfer_learning/).
