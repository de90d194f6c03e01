#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/02-transfer-learning.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using NotebookKit.Evaluation;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 2 · What transfer learning is
//
// A network trained on ImageNet's 1.28 million photos has learned, layer by layer, to see edges, textures, parts and
// objects. Transfer learning reuses that: keep the pretrained layers as a *feature extractor* and learn only a small
// new classifier for your own classes. This chapter measures why that works.
//
// **What you will learn**
// - what "features" are, and how to compute them once for a whole dataset;
// - a *linear probe*: the same linear classifier trained on pretrained features and on features of an identical but
//   untrained network — the gap is what ImageNet taught the network;
// - what the feature space looks like (PCA), and the difference between feature extraction and fine-tuning.
//
// **Time plan.** Reading and discussion 20 min, exercise 10 min. Run time: see the measured table in the
// [README](../README.md#notebooks); most of it is computing each photo's features once (they are cached for later
// chapters). Previous: [01 · Classic CNNs](01-image-classification-and-cnns.ipynb).
// **Quick mode** keeps 40 training photos per class instead of 400 and trains the head for 5 epochs instead of 10;
// validation and test keep all their photos (200 each) in both modes, since scoring a photo costs one cached
// forward pass.

var data = Kit.Open("cats-dogs");
var epochs = Kit.Pick(10, 5);
Console.WriteLine(data);

// ## Features: what the backbone sees
//
// The backbone turns each 224×224 photo into 512 numbers (the average of its last feature maps). Same photo, same
// numbers: so the kit computes them once per dataset and caches them on disk. `Kit.Learner` makes a learner for a
// pretrained model with a new head for our classes and the course's defaults (seed, progress display); `frozen: true`
// freezes the backbone, so only the head will train.

var withImageNet = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam());
var pretrained = withImageNet.Model;
var valFeatures = withImageNet.Features(data.Val);
Console.WriteLine($"{valFeatures.Count} images → features of shape [{string.Join(", ", valFeatures.Activations.shape)}]");

// ## The linear probe
//
// The lesson of this chapter, as a claim that can fail: train the same linear head twice: once on the pretrained network's features, once on the features of the same
// architecture with random weights. Everything else — data, head, optimiser, epochs, seed — is identical. The claim cell then compares the two on the
// same test photos with a paired test (McNemar's: only the photos one gets right and the other wrong count), and
// holds only if the pretrained features win by at least 20 points *and* beyond noise (p < 0.05).

var backboneBefore = ModelSnapshot.Take(pretrained.BackboneModule);
withImageNet.Fit(epochs, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);
var withoutImageNet = Kit.Learner("resnet-cntk", data, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam(), pretrained: false);
withoutImageNet.Fit(epochs, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);

var (testWith, testWithout) = (withImageNet.GetPreds(data.Test!), withoutImageNet.GetPreds(data.Test!));
Console.WriteLine($"pretrained features:  test accuracy {testWith.Accuracy:P1}");
Console.WriteLine($"random-init features: test accuracy {testWithout.Accuracy:P1}");
Lesson.ExpectGain("pretrained features beat random-init ones by ≥ 20 points", testWith, testWithout, minPoints: 20);
Lesson.ExpectUnchanged("training the head left the pretrained backbone untouched", backboneBefore, pretrained.BackboneModule);
Lesson.Expect("random-init features are no better than chance: within 15 points of 50%", Math.Abs(testWithout.Accuracy - 0.5) < 0.15, $"{testWithout.Accuracy:P1}");

// **Random-init features** are the control: the claim above holds only if a linear head on them stays within 15
// points of chance (50%), as the printed accuracy shows — their colour and texture statistics are not enough to tell
// a cat from a dog. ImageNet-1k does contain
// cats and dogs — more than a hundred dog breeds and five domestic-cat classes (tabby, tiger cat, Persian, Siamese,
// Egyptian cat), which is why [chapter 6](06-case-study-cats-dogs.ipynb) finds the frozen features so strong — but the
// head here is new and never sees those labels: what transferred is the pretrained network's way of *seeing*.

// ## The feature space
//
// Project the 512-d validation features onto their two principal components. Pretrained features separate the
// classes even before any training on them; random ones do not.

Show.Chart(FeatureCharts.PcaScatter(valFeatures.Rows(), valFeatures.ClassNames(data.Classes), "Pretrained features (PCA)"));

var randomFeatures = withoutImageNet.Features(data.Val);
Show.Chart(FeatureCharts.PcaScatter(randomFeatures.Rows(), randomFeatures.ClassNames(data.Classes), "Random-init features (PCA)"));

// ## Feature extraction versus fine-tuning
//
// - **Feature extraction** (this chapter, and the article's case study): the backbone is frozen, only the head
//   learns. Cheap — features are computed once — and hard to overfit with few images.
// - **Fine-tuning** ([chapter 4](04-fine-tuning.ipynb)): after the head has learned, unfreeze some of the top layers and
//   train them too, with a smaller learning rate so the pretrained weights move only a little. Worth it when your
//   images differ from ImageNet's, or when you have more data. Keras' [transfer-learning
//   guide](https://keras.io/guides/transfer_learning/) walks through the same two steps.
//
// ## Exercise
//
// How few photos does the pretrained head need? Train the same linear head on the pretrained features of only
// 10 training photos per class (`data.Subset(10, 20)` keeps 10 per class for training, 20 per class for
// validation and test, in either mode), for 30 epochs (with 20 photos an epoch is a single step). **Expected:** test accuracy between
// 80% and 100% — far above the random-init features with every photo.
//
// Solution (collapsed; expand to see):

var few = data.Subset(10, 20);
var fewLearn = Kit.Learner("resnet-cntk", few, frozen: true, batchSize: 64, optimizer: OptimizerSpec.Adam());
fewLearn.Fit(30, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);
Lesson.ExpectAtLeast("10 photos per class on pretrained features already beat chance by far", fewLearn.GetPreds(few.Test!).Accuracy, 0.8);

// ## Summary
//
// Your run's numbers are in the claim cell above: a linear head on pretrained features far ahead of the same head on
// random-init features of the same architecture, which stay at chance. Full-mode reference, measured 2026-12-01 on the
// shared cats-vs-dogs photos with their corrected labels (800 train / 200 val / 200 test, 224 px, 2 CPU cores):
// **97.5%** on pretrained features against **46.0%** on random-init ones. Same head, same data, same seed: the
// difference is what ImageNet taught.
//
// Continue with **[03 · Data and pretrained models](03-data-and-pretrained-models.ipynb)**.
