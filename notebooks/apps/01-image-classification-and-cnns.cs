#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
// Generated from notebooks/01-image-classification-and-cnns.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;
using static TorchSharp.torch;

// # 1 · Image classification and classic CNNs
//
// Image classification means giving a photo one label out of a fixed list: *cat* or *dog*, *daisy* or *tulip*.
// Convolutional neural networks (CNNs) learn this from labelled examples: early layers detect edges and colours,
// later ones combine them into textures, parts and whole objects.
//
// **What you will learn**
// - the five networks that shaped the field — LeNet, AlexNet, VGG, GoogLeNet, ResNet — side by side: parameters,
//   compute, and a forward pass;
// - what training a CNN *from scratch* on a few hundred photos gives you, and why it disappoints (overfitting);
// - the baseline every later chapter beats.

// ## Five landmark architectures
//
// - **LeNet-5** (1998) read handwritten digits: two convolutions, tiny by today's standards.
// - **AlexNet** (2012) won ImageNet with ReLUs, dropout and GPUs — and started the deep-learning era.
// - **VGG-16** (2014): just 3×3 convolutions, stacked deep. Simple, accurate, heavy.
// - **GoogLeNet** (2014): *inception* blocks run several filter sizes in parallel; about 9× fewer parameters than AlexNet.
// - **ResNet** (2015): *residual* connections let a signal skip blocks, so networks of 50, 100 or more layers train.
//
// The zoo computes each one's parameter count from the built network and its cost (multiply-accumulates) with
// forward hooks; both match torchvision's published numbers.

Console.WriteLine(Pretrained.Table());

// A forward pass through AlexNet's convolutional part, with random weights: a 224×224 RGB image becomes 4096
// numbers — the features a classifier would read.

var alexnet = Pretrained.Backbone("alexnet", pretrained: false);
alexnet.eval();
var features = alexnet.call(randn(1, 3, 224, 224));
Console.WriteLine($"input [1, 3, 224, 224] → features [{string.Join(", ", features.shape)}]");

// ## Training a CNN from scratch
//
// Now the experiment the article warns about: train a network with *no* prior knowledge on our 800 training photos.
// LeNet-5 sees 32×32 images — all it was designed for — and learns every weight from these photos alone.

var data = Kit.Open("cats-dogs");
var lenet = Pretrained.Classifier("lenet5", data.Classes, pretrained: false, seed: Kit.Seed);
Console.WriteLine(ModelInspector.Inspect(lenet, inputSize: 32).GroupsTable());

var learn = Learner.FromFolder(lenet, data, ImagePipeline.ForTrain(lenet.Preprocess, Augmentation.Standard),
    options: new LearnerOptions { Seed = Kit.Seed });
learn.Fit(Kit.Pick(30, 3), 2e-3);
Show.Chart(TrainingCharts.Curves(learn.History, "LeNet-5 from scratch"));

var test = learn.GetPreds(data.Test!);
Console.WriteLine($"LeNet-5 from scratch: test accuracy {test.Accuracy:P1}");
var (alex, goog) = (Pretrained.Get("alexnet").Metadata.Parameters, Pretrained.Get("googlenet").Metadata.Parameters);
Lesson.Expect("GoogLeNet has about 9× fewer parameters than AlexNet", alex / (double)goog is > 8 and < 10.5, $"{alex:N0} vs {goog:N0}: {alex / (double)goog:F1}×");
Lesson.Expect("a CNN trained from scratch on a few hundred photos stays far below 90%", test.Accuracy < 0.8, $"LeNet-5 from scratch: {test.Accuracy:P1}");

// ## Why it disappoints
//
// With a few hundred photos a network cannot learn, from nothing, what fur, ears and eyes look like across
// poses, breeds and lighting. It either memorises the training photos (training accuracy climbs while validation
// stalls: *overfitting*) or stays too small to capture the difference (*underfitting*). More layers would overfit
// faster; more photos would help but cost labelling. This is the limit the article names — and the reason for
// transfer learning: borrow what a network learned from 1.28 million ImageNet photos.
//
// ## Summary
//
// Measured in full mode on 2026-12-01 on the shared cats-vs-dogs photos with their corrected labels (800 train /
// 200 val / 200 test, 32×32 px, 30 epochs, 2 CPU cores): LeNet-5 trained from scratch reaches **56.0%** test accuracy — barely
// better than a coin flip, and far below the 97.5% of a linear head on pretrained features in chapter 2.
//
// Continue with **02 · What transfer learning is**.
