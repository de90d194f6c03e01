#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/04-fine-tuning.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using NotebookKit.Evaluation;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 4 · Fine-tuning: which layers, which learning rates, how long
//
// Feature extraction trains only a new head ([chapter 2](02-transfer-learning.ipynb)). *Fine-tuning* also lets some
// pretrained layers move. Three questions decide whether that helps: **which layers** to unfreeze, **how fast** they may
// change (learning rates), and **how long** to train. This chapter answers each with a measurement on the five-class
// flower photos.
//
// **What you will learn**
// - freezing by layer group (`stem`, `layer1` … `layer4`, `head`) and what each strategy costs and buys;
// - why the kit caches the frozen part's output, so "train layer4 + head" costs a fraction of a full pass;
// - the learning-rate finder, what the rate it suggests is worth, discriminative rates and schedules;
// - comparing strategies fairly — each with its own rate and number of epochs, chosen on the validation split;
// - early stopping.
//
// *Quick mode* (`NOTEBOOKKIT_QUICK=1`) keeps 12 training photos per class instead of 80, uses batches of 8 instead of
// 32, and compares two strategies (head only, `layer4` + head) instead of three, for up to 3 epochs per run instead of
// 2; validation and test keep all their photos (20 per class), since scoring a photo costs one cached forward pass.
//
// **Time plan.** Reading: 20 minutes; the exercise: 10 minutes; the run time in each mode is in the README's table of
// measured times (the strategies that train `layer3` dominate it). See also Keras'
// [transfer-learning guide](https://keras.io/guides/transfer_learning/) on freezing and BatchNorm.

var data = Kit.Open("plants", quickTrainPerClass: 12);
var learn = Kit.Learner("resnet-cntk", data, batchSize: Kit.Pick(32, 8));
var model = learn.Model;
Console.WriteLine(data);

// ## Which layers to train
//
// Early layers detect edges and colours that every photo shares; late layers detect ImageNet-specific parts. So the
// rule of thumb: when your images look like ImageNet's, train only the top (head, maybe `layer4`); when they differ
// (X-rays, satellites, microscopy), unfreeze deeper. Freezing by name is one line, and the inspector shows the result:

learn.FreezeTo("layer4");
var anatomy = ModelInspector.Inspect(model, inputSize: 224);
Console.WriteLine(anatomy.Summary);
Console.WriteLine(anatomy.GroupsTable());

// The `batchnorm` column reads *eval* for every frozen group and *train* for `layer4`: frozen groups keep their
// BatchNorm layers in evaluation mode, so their running statistics do not drift, while the BatchNorm layers of the
// groups that train update theirs. And since nothing before `layer4` changes, the learner runs `stem … layer3` once per
// image and trains `layer4 + head` from the cached activations.
//
// ## A learning rate from the finder
//
// How large may the rate be? The finder trains for a short while with an exponentially growing rate and records the
// loss. Pick a rate where the loss still falls steeply, well before it rises or explodes; the kit's suggestion does that.
// Whether this run's sweep reached the explosion is printed under the chart. It
// restores the weights and the optimizer afterwards, so it never changes what you train next.

learn.Freeze();
var pretrained = ModelSnapshot.Take(model);
var finder = learn.FindLr();
Lesson.ExpectUnchanged("the finder puts the weights back as it found them", pretrained, model);
var lr = finder.Suggestion;
Console.WriteLine($"suggested learning rate: {lr:G2}");
Show.Chart(TrainingCharts.LrFinder(finder.LearningRates, finder.SmoothedLosses, lr));
Lesson.Interpret(finder.Diverged, "The sweep ended where the loss exploded (the curve's last rise): rates there are far too large.",
    "The sweep reached its largest rate without the loss exploding: the curve shows the fall and where it levels off.");

// What is the suggestion worth? This is the chapter's lesson, checked as a claim that can fail. Train the head alone
// (cheap: cached features) from the same start for five one-cycle epochs at the suggested rate, at 100 times less and
// at 100 times more, and score each on the same validation photos (none of these runs chose anything on them). Too slow
// a rate barely moves the head in five epochs: the claim holds only if the suggestion gets at least 20 points more of
// the validation photos right, beyond noise in a paired test (McNemar, p < 0.05). Too fast a rate may still get many
// photos right, but its validation *loss* shows how confidently it gets the others wrong (a supporting claim):

Learner HeadAt(double rate) { var l = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: Kit.Pick(32, 8)); l.FitOneCycle(5, rate); return l; }
var (slow, found, fast) = (HeadAt(lr / 100), HeadAt(lr), HeadAt(lr * 100));
Lesson.ExpectGain("the finder's rate beats 100× less by 20 points or more on the validation photos", found.GetPreds(data.Val), slow.GetPreds(data.Val), minPoints: 20);
var (foundLoss, fastLoss) = (found.Validate().Loss, fast.Validate().Loss);
Lesson.Expect("100× more than the suggestion has over twice its validation loss", fastLoss > 2 * foundLoss, $"loss {foundLoss:F2} at {lr:G2}, {fastLoss:F2} at {lr * 100:G2}");
foreach (var l in new[] { slow, found, fast }) l.Dispose(); // compared: free their optimizer state and cached features

// ## Which strategy, compared fairly
//
// A strategy that trains more layers may want a smaller rate, and a head alone may want more epochs. So each strategy
// gets two rates (the suggestion and a tenth of it), and each run keeps its best validation epoch (`bestEpoch: true`, of two in full mode, three in quick mode;
// the `epochs` column says which). The grid restores the pretrained weights before each run, compares on
// **validation**, and leaves `learn` holding the chosen run; the test split waits for the end.

FreezeSpec[] strategies = Kit.Pick<FreezeSpec[]>(
    [FreezeSpec.Backbone, FreezeSpec.From("layer4"), FreezeSpec.From("layer3")], [FreezeSpec.Backbone, FreezeSpec.From("layer4")]);
pretrained.RestoreInto(model); // every strategy starts from the pretrained weights
var runs = ExperimentGrid.Run(learn, strategies, lrs: [lr / 10, lr], schedules: [LrSchedule.OneCycle()], epochs: Kit.Pick(2, 3), bestEpoch: true);
var best = ExperimentGrid.BestPerStrategy(runs).ToDictionary(r => r.Strategy);
var (head, l4) = (best["backbone"], best["from:layer4"]);
var (headCi, l4Ci) = (Wilson.Interval((int)Math.Round(head.ValAccuracy * data.Val.Count), data.Val.Count), Wilson.Interval((int)Math.Round(l4.ValAccuracy * data.Val.Count), data.Val.Count));
Lesson.Expect("(supporting) each at its own best rate and epoch, layer4 + head is at least as good as the head alone on validation", l4.ValAccuracy >= head.ValAccuracy || l4Ci.High >= headCi.Low,
    $"head only {head.ValAccuracy:P1} (lr {head.Lr:G2}, epoch {head.Epochs}), layer4 + head {l4.ValAccuracy:P1} (lr {l4.Lr:G2}, epoch {l4.Epochs}){(l4.ValAccuracy < head.ValAccuracy ? "; behind, within noise (Wilson intervals overlap)" : "")}");
Console.WriteLine(ExperimentGrid.ToDataFrame(runs));

// Read the `seconds` column next to the accuracies: training only the head or `layer4 + head` is cheap thanks to
// the cache; every group that trains adds its forward and backward pass to every step (training *everything* cannot
// use the cache at all: exercise 2 of [chapter 8](08-playground.ipynb) measures it). With 100 validation photos, a few points between strategies are within noise: the claim above is a supporting
// "no worse" claim, and says when the gap is noise.

// ## Learning rates
//
// Pretrained layers already hold good weights: they should move slowly, the new head fast. *Discriminative learning
// rates* spread the rate geometrically from the first group to the head (fastai's `slice(lo, hi)`):

var spread = LearningRates.Slice(lr / 100, lr).For(learn.Groups.Count);
for (var g = 0; g < learn.Groups.Count; g++) Console.WriteLine($"{learn.Groups[g].Name,-8} lr {spread[g]:G3}");

// A *schedule* changes the rate during training. One-cycle warms up, then anneals — the default for fine-tuning, and
// what the grid above used. Every schedule can be previewed before training (here at the finder's rate):

var steps = Enumerable.Range(0, 300).ToList();
Show.Chart(TrainingCharts.LearningRateSchedule(steps, LrSchedule.OneCycle().Preview(300, lr), title: "one-cycle"));
Show.Chart(TrainingCharts.LearningRateSchedule(steps, LrSchedule.CosineWithRestarts(100).Preview(300, lr), title: "cosine with restarts"));

// ## The test split, once
//
// The grid chose on validation; `learn` holds that run (strategy, rate and epoch). Its one look at the test photos,
// with the interval that 100 photos allow (no claim here: the test score is reported, not tuned for):

var chosen = ExperimentGrid.Chosen(runs);
var test = learn.GetPreds(data.Test!);
var testReport = test.Report();
Console.WriteLine($"chosen on validation: {chosen.Strategy} at lr {chosen.Lr:G2}, epoch {chosen.Epochs} ({chosen.ValAccuracy:P1}); test {test.Accuracy:P1}, 95% CI {testReport.AccuracyInterval}");

// ## How long: early stopping
//
// The grid chose among two or three epochs. With no ceiling to guess, let the validation split decide: `EarlyStopping`
// ends the run when the validation loss has not improved for `patience` epochs, and `SaveBest` puts back the best
// epoch's weights. Here on the head alone, from the pretrained weights, with up to 30 epochs at the finder's rate:

var stopper = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: Kit.Pick(32, 8));
var early = new EarlyStopping(patience: 3);
stopper.Fit(30, lr, LrSchedule.Constant, callbacks: [early, new SaveBest()]);
Lesson.Expect("early stopping ends the run before the 30-epoch ceiling", stopper.History.Count < 30,
    $"stopped after {stopper.History.Count} epochs; best validation loss at epoch {early.BestEpoch}");
Show.Chart(TrainingCharts.Curves(stopper.History, "Head only: early stopping on the validation loss"));

// ## Exercise
//
// **Patience.** Rerun the early-stopping cell with `patience: 1`. When does it stop, and what does the best epoch's
// validation accuracy lose? Expected: it stops at least as early (same seed, same trajectory until it stops), and its
// kept epoch's validation accuracy is within 10 points of the patience-3 run's. Solution (collapsed; expand to see):

var impatient = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: Kit.Pick(32, 8));
impatient.Fit(30, lr, LrSchedule.Constant, callbacks: [new EarlyStopping(patience: 1), new SaveBest()]);
var (a, b) = (impatient.Validate().Accuracy, stopper.Validate().Accuracy);
Console.WriteLine($"patience 1: {impatient.History.Count} epochs, validation {a:P1}; patience 3: {stopper.History.Count} epochs, validation {b:P1}");
Lesson.Expect("patience 1 stops at least as early and keeps an epoch within 10 points", impatient.History.Count <= stopper.History.Count && Math.Abs(a - b) <= 0.1,
    $"{impatient.History.Count} vs {stopper.History.Count} epochs; {a:P1} vs {b:P1}");

// ## Summary
//
// - Freeze by layer group; the inspector shows what trains and which BatchNorm layers move.
// - Let the finder propose a rate, and check what it is worth: the claim above compares the suggestion with 100×
//   less and 100× more on the same validation photos.
// - Compare strategies fairly, each at its own rate and best epoch, on validation; the test split is used once.
// - Caching the frozen prefix makes "train the top" cheap; the grid's `seconds` column measures it.
// - Choose the epoch count on validation, never on test: early stopping and `SaveBest`.
//
// Your run's numbers are in the outputs above. (Full-mode reference, measured 2026-12-01: the finder suggested 2.3e-3;
// each strategy at its own best rate and epoch reached validation accuracy head only 81% (at 2.3e-3), `layer4` + head
// 89% and `layer3` and up 91% (both at 2.3e-4, epoch 2); the chosen `layer3` run scored 86.0% on the test photos. The
// previous version of this chapter, every strategy at one rate, 1e-3, for 3 epochs, also trained everything: 86% on
// validation; fastai's `FineTune` reached 90.0% test accuracy.) [Chapter 7](07-case-study-plants.ipynb) fine-tunes every layer with augmentation and a larger test-time
// input.
//
// Continue with [**05 · Evaluation**](05-evaluation.ipynb).
