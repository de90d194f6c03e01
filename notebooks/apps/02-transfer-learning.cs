#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
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

var data = Kit.Open("cats-dogs");
var epochs = Kit.Pick(10, 5);
var options = new LearnerOptions { Seed = Kit.Seed, Optimizer = OptimizerSpec.Adam() };
Console.WriteLine(data);

// ## Features: what the backbone sees
//
// The backbone turns each 224×224 photo into 512 numbers (the average of its last feature maps). Same photo, same
// numbers: so the kit computes them once per dataset and caches them on disk.

var pretrained = Pretrained.Classifier("resnet-cntk", data.Classes, seed: Kit.Seed);
var withImageNet = Learner.FromFolder(pretrained, data, batchSize: 64, options: options);
var valFeatures = withImageNet.Features(data.Val);
Console.WriteLine($"{valFeatures.Count} images → features of shape [{string.Join(", ", valFeatures.Activations.shape)}]");

// ## The linear probe
//
// Train the same linear head twice: once on the pretrained network's features, once on the features of the same
// architecture with random weights. Everything else — data, head, optimiser, epochs, seed — is identical.

var backboneBefore = ModelSnapshot.Take(pretrained.BackboneModule);
withImageNet.Freeze();
withImageNet.Fit(epochs, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);
var random = Pretrained.Classifier("resnet-cntk", data.Classes, pretrained: false, seed: Kit.Seed);
var withoutImageNet = Learner.FromFolder(random, data, batchSize: 64, options: options);
withoutImageNet.Freeze();
withoutImageNet.Fit(epochs, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)]);

var (testWith, testWithout) = (withImageNet.GetPreds(data.Test!), withoutImageNet.GetPreds(data.Test!));
Console.WriteLine($"pretrained features:  test accuracy {testWith.Accuracy:P1}");
Console.WriteLine($"random-init features: test accuracy {testWithout.Accuracy:P1}");
Lesson.ExpectGain("pretrained features beat random-init ones by ≥ 20 points", testWith, testWithout, minPoints: 20);
Lesson.ExpectUnchanged("training the head left the pretrained backbone untouched", backboneBefore, pretrained.BackboneModule);

// The random network is not useless — its features still carry colour and texture statistics — but it is far
// from the pretrained one. Nothing about cats or dogs was in ImageNet's *labels* that we use here: the head is new.
// What transferred is the network's way of *seeing*.

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
// - **Fine-tuning** (chapter 4): after the head has learned, unfreeze some of the top layers and train them too, with
//   a smaller learning rate so the pretrained weights move only a little. Worth it when your images differ from
//   ImageNet's, or when you have more data.
//
// ## Summary
//
// Measured in full mode on 2026-12-01 on the shared cats-vs-dogs photos with their corrected labels (800 train /
// 200 val / 200 test, 224 px, 2 CPU cores; most of the time goes into computing the features of 1,200 photos for each
// of the two networks, once — they are cached for later chapters): the linear probe reaches **97.5%** test accuracy
// on pretrained features and **45.5%** on random-init features of the same architecture — no better than chance. Same
// head, same data, same seed: the difference is what ImageNet taught, and the claim cell above checks it on every run.
//
// Continue with **03 · Data and pretrained models**.
