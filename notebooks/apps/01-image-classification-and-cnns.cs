#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/01-image-classification-and-cnns.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Visualization;
using NotebookKit.Notebooks;

// # 1 · Image classification and classic CNNs
//
// Image classification means giving a photo one label out of a fixed list: *cat* or *dog*, *daisy* or *tulip*.
// Convolutional neural networks (CNNs) learn this from labelled examples: early layers detect edges and colours,
// later ones combine them into textures, parts and whole objects.
//
// **What you will learn**
// - the five networks that shaped the field — LeNet, AlexNet, VGG, GoogLeNet, ResNet — side by side, each measured by
//   a forward pass: output shape, parameters, compute;
// - what training a CNN *from scratch* on a few hundred photos gives you (800 in full mode) — a small LeNet-5 and a modern ResNet-18 — and how to
//   read its curves: *overfitting* or *underfitting*;
// - the baseline every later chapter beats.
//
// **Time plan.** Reading and discussion 20 min, exercise 10 min. Run time: see the measured table in the
// [README](../README.md#notebooks) (quick and full mode). Before you start: [00 · Setup](00-setup.ipynb).
// **Quick mode** shrinks the photos to 40 per class for training and 20 per class for validation and test (instead of
// 400, 100 and 100); the networks, input sizes and epochs stay the same.

// ## Five landmark architectures
//
// - **LeNet-5** (1998) read handwritten digits: two convolutions, tiny by today's standards.
// - **AlexNet** (2012) won ImageNet with ReLUs, dropout and GPUs — and started the deep-learning era.
// - **VGG-16** (2014): just 3×3 convolutions, stacked deep. Simple, accurate, heavy.
// - **GoogLeNet** (2014): *inception* blocks run several filter sizes in parallel, with far fewer parameters than AlexNet.
// - **ResNet** (2015): *residual* connections let a signal skip blocks, so networks of 50, 100 or more layers train.
//
// The cell below builds each one with random weights (nothing is downloaded) and pushes one image through it: the
// image becomes a feature vector (`features`), which the network's original classifier maps to its `classes` (1,000
// ImageNet classes; 10 digits for LeNet). `parameters` counts every weight including that classifier; `GMACs` is the
// compute for one image, in billions of multiply-accumulates, measured with forward hooks. The
// [torchvision models page](https://docs.pytorch.org/vision/stable/models.html) publishes both numbers for the same
// networks.

string[] five = ["lenet5", "alexnet", "vgg16", "googlenet", "resnet18"];
var profiles = five.Select(ArchitectureProfile.Measure).ToList();
Console.WriteLine(ArchitectureProfile.Table(profiles));

var size = profiles.ToDictionary(p => p.Id, p => p.Parameters);
Lesson.Expect("each network, built here, has its published parameter count", profiles.All(p => p.Parameters == Pretrained.Get(p.Id).Metadata.Parameters),
    string.Join(", ", profiles.Select(p => $"{p.Id} {p.Parameters:N0}")));
var ratio = size["alexnet"] / (double)size["googlenet"];
Lesson.Expect("GoogLeNet has about 9× fewer parameters than AlexNet", ratio is > 8 and < 10.5, $"{size["alexnet"]:N0} / {size["googlenet"]:N0} = {ratio:F1}×");

// Most of AlexNet's and VGG's parameters sit in their fully connected layers; GoogLeNet replaced those with an
// average over the last feature maps, which is where the ratio printed above comes from. Compute tells another
// story: VGG-16 does the most work per image by far.
//
// ## Training a CNN from scratch
//
// Now the experiment the article warns about: train a network with *no* prior knowledge on our training photos.
// First LeNet-5, at the 32×32 pixels it was designed for, without augmentation, so that we see plainly what a small
// network does with few photos.

var data = Kit.Open("cats-dogs", quickEvalPerClass: 20);
var lenet = Pretrained.Classifier("lenet5", data.Classes, pretrained: false);
Console.WriteLine(ModelInspector.Inspect(lenet, inputSize: 32).GroupsTable());

var lenetLearn = Kit.Learner(lenet, data, train: ImagePipeline.ForTrain(lenet.Preprocess, Augmentation.None));
lenetLearn.Fit(30, 2e-3);
Show.Chart(TrainingCharts.Curves(lenetLearn.History, "LeNet-5 from scratch, 32 px"));

// Read the two loss curves. If training loss keeps falling while validation loss turns and climbs, the network is
// memorising its training photos instead of learning what tells cats from dogs: **overfitting**. If both stay high
// and training accuracy stays low, the network is too weak or trained too briefly: **underfitting**.
// `LearningCurve.Diagnose` reads the history the same way and says which one this run shows:

var lenetCurve = LearningCurve.Diagnose(lenetLearn.History);
Lesson.Expect("LeNet-5 overfits: its validation loss climbs while its training loss falls", lenetCurve.Verdict == FitVerdict.Overfitting, lenetCurve.ToString());

// ## A fair opponent: ResNet-18 from scratch
//
// LeNet is a small network looking at thumbnails, so its failure proves little. A fair baseline is a modern network
// — ResNet-18, the smallest ResNet of the zoo and close kin of the ResNet later chapters start from — trained end to
// end from random weights, with gentle augmentation (`Augmentation.FastAi`: random crops that keep at least 35% of the
// photo, and mirror images) and a one-cycle schedule.
//
// **What was shrunk, and why.** On two CPU cores a training step at 224 px runs only a handful of photos per second,
// so 224 px for enough epochs would take far longer than this chapter's two-minute budget. The ResNet here sees
// **64 px** photos for **5 epochs**; the next cell computes how much cheaper that is per photo. It is a baseline
// within a laptop's budget, not the best that training from scratch can do.

var resnet = Pretrained.Classifier("resnet18", data.Classes, pretrained: false, inputSize: 64);
var (at224, atSmall) = (ModelComplexity.Macs(resnet.BackboneModule, 224), ModelComplexity.Macs(resnet.BackboneModule, resnet.Preprocess.InputSize));
Console.WriteLine($"ResNet-18 per photo: {at224 / 1e9:F2} GMACs at 224 px, {atSmall / 1e9:F2} at {resnet.Preprocess.InputSize} px ({at224 / (double)atSmall:F1}× less)");

var resnetLearn = Kit.Learner(resnet, data, train: ImagePipeline.ForTrain(resnet.Preprocess, Augmentation.FastAi));
resnetLearn.FitOneCycle(5, 3e-3);
Show.Chart(TrainingCharts.Curves(resnetLearn.History, "ResNet-18 from scratch, 64 px"));

var last = resnetLearn.History[^1];
Lesson.Expect("in this budget ResNet-18 has not learned its training photos (underfitting)", last.TrainAccuracy < 0.9,
    $"training accuracy {last.TrainAccuracy:P1}, validation {last.ValAccuracy:P1} after {last.Epoch} epochs");
var (lenetTest, resnetTest) = (lenetLearn.GetPreds(data.Test!), resnetLearn.GetPreds(data.Test!));
Lesson.Interpret(PairedComparison.Of(resnetTest, lenetTest), "ResNet-18", "LeNet-5");
var transfer = Kit.Learner("resnet-cntk", data, frozen: true, optimizer: OptimizerSpec.Adam()); // chapter 2's method, as a yardstick
transfer.Fit(5, 1e-3);
var scratch = resnetTest.Accuracy >= lenetTest.Accuracy ? resnetTest : lenetTest;
Lesson.ExpectGain("a new head on pretrained features beats the better network from scratch, beyond noise", transfer.GetPreds(data.Test!), scratch);

// ## Why it disappoints
//
// The two networks fail in two ways. LeNet-5 memorises: its validation loss climbs while its training loss falls.
// The ResNet, in this budget, has not even learned its training photos (its training accuracy, checked above, stays
// low; a jump of its validation loss in the first epochs is the batch-norm statistics of a network from scratch
// settling while the learning rate peaks), and the line printed above says whether its lead over LeNet is beyond noise. The yardstick in the
// last claim — a new head on a pretrained network's features, this course's method — beats the better of them on the
// same test photos. Give it 224 px and dozens of epochs and it
// would learn the training photos — and then overfit as LeNet did: with a few hundred photos a network cannot learn
// from nothing what fur, ears and eyes look like across poses, breeds and lighting. More photos would help but cost
// labelling. This is the limit the article names — and the reason for transfer learning: borrow what a network
// learned from 1.28 million ImageNet photos ([chapter 2](02-transfer-learning.ipynb)).
//
// ## Exercise
//
// Resolution is the main cost of a CNN. Measure ResNet-18's compute at 112 px with `ModelComplexity.Macs`
// (`resnet.BackboneModule` is its feature extractor) and compare it with 224 px. **Expected:** between 0.45 and 0.52
// GMACs at 112 px — about a quarter, since the cost grows with the number of pixels.
//
// Solution (collapsed; expand to see):

var at112 = ModelComplexity.Macs(resnet.BackboneModule, 112) / 1e9;
Lesson.Expect("ResNet-18 at 112 px costs about a quarter of 224 px", at112 is > 0.45 and < 0.52, $"{at112:F3} GMACs at 112 px vs {at224 / 1e9:F3} at 224 px");

// ## Summary
//
// - The five networks, measured live: LeNet-5's 62 thousand parameters against VGG-16's 138 million, and compute per
//   photo spread over four orders of magnitude (the table above).
// - Trained from scratch on a few hundred photos, a small network memorises (overfitting) and a modern one, in a
//   laptop's budget, does not even learn its training photos (underfitting); the last claim checks on your run that a
//   head on pretrained features beats them beyond noise; chapter 2 shows why.
//
// Continue with **[02 · What transfer learning is](02-transfer-learning.ipynb)**.
