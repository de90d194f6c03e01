#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/05-evaluation.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using NotebookKit.Evaluation;
using NotebookKit.Explainability;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 5 · Evaluation: how good is the model, and where does it fail?
//
// A single accuracy number hides most of what matters. This chapter evaluates a five-class flower classifier the way
// you should evaluate any model: on data it never saw, per class, with uncertainty, and by looking at its mistakes.
//
// **What you will learn**
// - why there are three splits (train, validation, test) and which decision each one is for;
// - accuracy, precision, recall and F1 — per class and averaged — and how sure we can be of them with 100 test images;
// - the confusion matrix, the most-confused pairs, the top losses;
// - what the model's probability is worth: are its confident answers right more often than its unsure ones?
// - Grad-CAM: which part of the photo the network looked at.
//
// **Time plan.** Reading and discussion 25 min, exercise 10 min. Run time: see the measured table in the
// [README](../README.md#notebooks). Previous: [04 · Fine-tuning](04-fine-tuning.ipynb).
// **Quick mode** keeps 40 training photos per class instead of 80 and trains for 5 epochs instead of 15; validation
// and test keep all their photos (20 per class), so the report below is on the same 100 test photos in both modes.

// ## Three splits, three jobs
//
// - **train**: the weights learn from it;
// - **validation**: *you* learn from it — which epoch, which learning rate, which layers to freeze;
// - **test**: touched once at the end, to report a number nobody tuned for.
//
// Choosing the best epoch on the test split would make the test score optimistic: it would no longer be unseen.

var data = Kit.Open("plants");
Console.WriteLine(data);

var learn = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam());
var model = learn.Model;
learn.Fit(Kit.Pick(15, 5), 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);
var test = learn.GetPreds(data.Test!);

// ## The report
//
// Precision of a class: of the photos the model *called* tulips, how many were tulips. Recall: of the real tulips,
// how many it found. F1 is their harmonic mean. *Macro* averages treat every class equally; *weighted* ones weight by
// support. The accuracy's interval is Wilson's score interval (it stays honest at 0% and 100%); the F1 intervals come
// from 1,000 bootstrap resamples of the test set. With 20 test photos per class (in both modes), one photo is five points of recall, and 100 photos leave
// the accuracy uncertain by several points either way: the report prints its interval.

var report = test.Report();
Show.Html(EvaluationHtml.Report(report));
var recalls = report.PerClass.Select(m => m.Recall).ToArray();
Lesson.Expect("(supporting) one accuracy number hides classes that fare worse: the recalls span at least two photos (10 points)", recalls.Max() - recalls.Min() >= 0.1 - 1e-9,
    $"accuracy {report.Accuracy:P1}, 95% CI {report.AccuracyInterval}; recall per class from {recalls.Min():P1} to {recalls.Max():P1}");

Show.Chart(EvaluationCharts.PerClassMetrics(report));

// ## The confusion matrix
//
// Rows are the true classes, columns the predictions; the diagonal is right. Colours are row-normalised, so each row
// shows where one class's photos went.

Show.Chart(EvaluationCharts.ConfusionMatrix(report));

Show.Html(EvaluationHtml.MostConfused(Interpretation.MostConfused(report)));

// ## The mistakes themselves
//
// *Top losses* are the test photos the model was most confidently wrong (or least confidently right) about. Under each
// photo, **p** is the probability the model gave the class it chose: its softmax output, between 1/5 (no idea among
// five classes) and 1. Look at them: some are genuine model errors, some are ambiguous photos, and some are label
// errors in the data.

Show.Html(ImageGallery.Losses(test.TopLosses(count: 12)));

// ## What is the probability worth?
//
// A probability is only useful if it means something: the photos the model is sure about should be right more often
// than the ones it hesitates on. That is this chapter's lesson, checked as a claim that can fail. Sort the test photos
// by the model's probability for its answer, split them into a confident half and an unsure half, and compare their
// accuracy: the claim holds only if the confident half is ahead and the 95% interval of the difference excludes zero.
// (A model whose probabilities carried no information — trained on shuffled labels, say — would fail it.) In practice:
// the unsure half is where a person's second look pays.

Lesson.ExpectConfidentHalfBetter("the model's confident half of the test photos is right more often than its unsure half", test);

// ## Grad-CAM: where did the model look?
//
// Grad-CAM weights the last convolutional feature maps by how much they raise the predicted class's score and
// overlays the result on the photo. Red means "this region pushed towards the prediction".
// The right answers shown come from four different classes. Each caption reads *true class → predicted class · whose map is drawn (its probability)*; mistakes come first and
// are outlined in red.

var mistakes = test.Misclassified(count: 4).Select(m => m.Id).ToList();
var rightPerClass = Enumerable.Range(0, test.Labels.Length).Where(k => test.Predicted[k] == test.Labels[k]).GroupBy(k => test.Labels[k]).Select(g => test.Paths[g.First()]);
var examples = mistakes.Concat(rightPerClass.Take(4)).ToList();
Show.Html(GradCamGallery.Html(GradCam.Explain(model, examples), test));

// ## When one class is rare
//
// Folders of your own photos are rarely balanced: ten pictures of one thing beside a hundred of another. Here the tulips
// in train/ are cut to a tenth (8 photos beside 80 of each other class; validation and test keep all theirs), in both
// modes, so this section trains on the same photos in quick and full mode. The folder's summary warns about it, and
// names what to do:

var rare = Kit.Open("plants", quickTrainPerClass: 80).WithFewer("tulips", 0.1);
foreach (var warning in DatasetSummary.ImbalanceWarnings(rare)) Console.WriteLine(warning);

// A head trained on this sees tulips so rarely that it learns to almost never answer "tulips": the cheapest way to a low
// average loss. **Class weights** make each photo's loss count n_images / (n_classes × photos of its class) — the rare
// class's photos count ten times as much. scikit-learn and Keras call this `class_weight="balanced"`, PyTorch passes it as
// `CrossEntropyLoss(weight=…)`. Train the same frozen head twice, from the same seed on the same cached features, with and
// without them:

var plain = Kit.Learner("resnet-cntk", rare, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam());
plain.Fit(10, 1e-3);
var weighted = Kit.Learner("resnet-cntk", rare, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam(), classWeights: ClassWeights.Balanced);
weighted.Fit(10, 1e-3);
var (plainReport, weightedReport) = (plain.GetPreds(rare.Test!).Report(), weighted.GetPreds(rare.Test!).Report());

// The lesson, checked: the weighted head finds more of the 20 test tulips — at least two more, so one lucky photo cannot
// decide it — and its macro-averaged F1, which gives each class the same say, is higher too (supporting).

var tulips = rare.Classes.ToList().IndexOf("tulips");
var (before, after) = (plainReport.PerClass[tulips], weightedReport.PerClass[tulips]);
Console.WriteLine($"tulips' recall {before.Recall:P0} → {after.Recall:P0}; macro F1 {plainReport.MacroF1:F3} → {weightedReport.MacroF1:F3}; accuracy {plainReport.Accuracy:P1} → {weightedReport.Accuracy:P1}");
Lesson.ExpectMargin("class weights find more of the rare class's test photos", after.Recall, before.Recall, after.Support);
Lesson.Expect("(supporting) and raise macro F1", weightedReport.MacroF1 > plainReport.MacroF1, $"{plainReport.MacroF1:F3} → {weightedReport.MacroF1:F3}");

// From the command line the same run is `train --class-weights balanced` (or `--sampler balanced`, which draws every class
// equally often instead of weighing the loss); `train` prints the same warning.

// ## Exercise
//
// How much does the interval shrink with more test photos? Wilson's interval narrows with the square root of the
// sample size. Compute the interval for the same accuracy on four times as many photos with
// `Wilson.Interval(successes, n)` (4 × the correct count, out of 4 × the test size). **Expected:** about half as
// wide — a ratio between 0.45 and 0.55.
//
// Solution (collapsed; expand to see):

var correct = (int)Math.Round(report.Accuracy * test.Labels.Length);
var (now, fourTimes) = (Wilson.Interval(correct, test.Labels.Length), Wilson.Interval(4 * correct, 4 * test.Labels.Length));
var shrink = (fourTimes.High - fourTimes.Low) / (now.High - now.Low);
Lesson.Expect("four times the test photos halve the interval", shrink is > 0.45 and < 0.55, $"{now} → {fourTimes}: {shrink:F2} of the width");

// ## Summary
//
// Your run's report, intervals and mistakes are above, and the claims check what this chapter says about them: the
// model's confident answers are right more often than its unsure ones, beyond noise, and one accuracy number hides
// classes that fare worse. Full-mode reference, measured
// 2026-12-01 on the shared plants photos (5 classes, 400 train / 100 val / 100 test, 2 CPU cores): a linear head on
// frozen `resnet-cntk` features reaches **83.0%** test accuracy (Wilson 95% interval 74.5–89.1%), top-2 92%, macro F1
// 0.828; dandelions have the lowest recall (65%), then tulips (75%). Fine-tuning the pretrained layers does better on
// the same test photos: see [chapter 4](04-fine-tuning.ipynb) and [chapter 7](07-case-study-plants.ipynb). Some of the
// top losses may be label errors rather than model errors; test sets of famous benchmarks have them too
// ([Northcutt et al. 2021](https://arxiv.org/abs/2103.14749)).
//
// Continue with **[06 · Case study: cats vs dogs](06-case-study-cats-dogs.ipynb)**.
