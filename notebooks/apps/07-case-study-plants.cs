#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
// Generated from notebooks/07-case-study-plants.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using NotebookKit.Evaluation;
using NotebookKit.Explainability;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 7 · Case study: recognising flowers
//
// The article's second case study — plant recognition — stops at "the rest is omitted". Here is the rest, on five
// classes of flower photos (daisy, dandelion, roses, sunflowers, tulips): more classes than cats vs dogs, small and
// varied photos, and classes that genuinely look alike.
//
// **What you will learn**
// - the same transfer-learning workflow on a multi-class problem, start to finish;
// - a strong baseline in one call (frozen backbone, cached features), then fine-tuning to beat it;
// - per-class analysis: which flowers get confused, and what the model looked at when it erred.

// ## The data
//
// 80 training photos per class, 20 for validation and 20 for test. The summary warns that many photos are smaller
// than the network's 224 px input: they will be upscaled.

var data = Kit.Open("plants", quickTrainPerClass: 16, quickEvalPerClass: 8);
var summary = DatasetSummary.Create(data);
Console.WriteLine(summary.ImagesPerClass);

Show.Html(ImageGallery.Html(data.Train, perClass: 3));

// ## Baseline: frozen backbone, new linear head
//
// One call: features computed once and cached, a linear softmax head trained with Adam, best validation epoch kept.

var baseline = Pretrained.Classifier("resnet-cntk", data.Classes, seed: Kit.Seed);
var frozen = FrozenBackbone.Fit(baseline, data, new HeadTrainingOptions(Epochs: Kit.Pick(20, 5), Seed: Kit.Seed));
Console.WriteLine($"frozen backbone + linear head: test accuracy {frozen.Test!.Accuracy:P1}");

// ## Fine-tuning with augmentation
//
// Flowers differ from most ImageNet photos more than cats and dogs do, so letting the top layers adapt should help.
// With so few photos, augmentation (random crops and flips) keeps the unfrozen layers from memorising the training
// set. The recipe: fastai's `FineTune` — head first, then every layer with discriminative rates.

var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: Kit.Seed);
var train = ImagePipeline.ForTrain(model.Preprocess, Augmentation.Standard);
var learn = Learner.FromFolder(model, data, train, options: new LearnerOptions { Seed = Kit.Seed });
learn.Progress = NotebookProgress.Create();

learn.FineTune(Kit.Pick(6, 1), baseLr: 2e-3, freezeEpochs: Kit.Pick(3, 1), callbacks: [new SaveBest()]);
Show.Chart(TrainingCharts.Curves(learn.History, "Plants: fine-tuning"));

var test = Inference.Predict(model, data.Test!);
var report = test.Report();
Show.Html(EvaluationHtml.Report(report));

// ## Which flowers get confused?

Show.Chart(EvaluationCharts.ConfusionMatrix(report));
Show.Html(EvaluationHtml.MostConfused(Interpretation.MostConfused(report)));

Show.Html(ImageGallery.Losses(test.Misclassified(count: 12), title: "Misclassified test photos"));

// Grad-CAM on the mistakes: did the model look at the flower, or at the background?

var wrong = test.Misclassified(count: 4).Select(m => m.Id).ToList();
Show.Html(GradCam.Gallery(model, wrong.Count > 0 ? wrong : test.Paths.Take(4).ToList()));

// ## Summary
//
// Measured in full mode on the shared plants photos (400 train / 100 val / 100 test, 224 px, 2 CPU cores): the
// frozen-backbone baseline and the fine-tuned model's test accuracies are printed above; fine-tuning with
// augmentation is what lifts this five-class problem past the linear probe. Roses and tulips — similar colours,
// similar shapes — are the pair to watch in the confusion matrix.
//
// Continue with **08 · Playground**.
