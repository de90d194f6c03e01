#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
// Generated from notebooks/03-data-and-pretrained-models.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Notebooks;
using NotebookKit.Visualization;

// # 3 · Data preparation and pretrained models
//
// Transfer learning starts with two choices: the data you train on and the pretrained model you start from. This
// chapter looks at both with the kit's tools instead of by hand.
//
// **What you will learn**
// - how to read a dataset summary: class balance, image sizes, skipped files, leaked near-duplicates;
// - what augmentation does to a photo (flips, crops, rotations, shear, zoom) and why evaluation never augments;
// - why normalisation belongs to the model, not to your code;
// - the model zoo (the C# counterpart of `models.resnet18(pretrained=True)`) and the model inspector.

// ## The dataset summary
//
// `DatasetSummary` counts images per class and split, measures sizes, lists skipped files with the reason, warns about
// imbalance or tiny classes, and looks for near-duplicate photos shared between training and test (a perceptual
// hash), which would make test accuracy look better than it is.

var data = Kit.Open("plants");
var summary = DatasetSummary.Create(data);
Console.WriteLine(summary.ImagesPerClass);

Console.WriteLine(summary.Sizes);

foreach (var warning in summary.Warnings) Console.WriteLine("⚠ " + warning);
Console.WriteLine($"{summary.NearDuplicates.Count} near-duplicate pair(s) across splits");

// Many photos are smaller than 224 px on their shorter side, so resizing has to scale up as well as down —
// the kit's `ResizeShorterSide` does both.

// ## Augmentation
//
// Augmentation shows the network a slightly different version of each photo every epoch, so it learns the object
// rather than the pixels. Each pipeline prints its steps; the same seed gives the same pixels.

var spec = Pretrained.Get("resnet-cntk").Preprocess;
var standard = ImagePipeline.ForTrain(spec, Augmentation.Standard);
var keras = ImagePipeline.ForTrain(spec, Augmentation.Keras);
Console.WriteLine(standard);
Console.WriteLine(keras);

var photo = data.Train.Samples[0].Path;
Show.Html(ImageHtml.Png(AugmentationPreview.Grid(photo, standard, n: 8, seed: Kit.Seed)));

// The article's recipe (Keras `ImageDataGenerator`: shear 0.2, zoom 0.2, horizontal flip) is gentler. Note that
// Keras reads `shear_range` in degrees, so 0.2 is almost invisible:

Show.Html(ImageHtml.Png(AugmentationPreview.Grid(photo, keras, n: 8, seed: Kit.Seed)));

// ## Normalisation travels with the model
//
// Each zoo entry carries the preprocessing it was trained with. torchvision models want RGB in 0–1 minus ImageNet's
// mean, divided by its standard deviation; the CNTK ResNet wants BGR in 0–255 minus the mean colour. Feeding one the
// other's input silently costs accuracy — so no notebook ever types these numbers.

foreach (var id in new[] { "resnet-cntk", "resnet18", "efficientnet_b0" })
    Console.WriteLine($"{id,-16} {Pretrained.Get(id).Preprocess}");

// ## The model zoo
//
// `models.resnet18(pretrained=True)` in PyTorch becomes `Pretrained.Backbone("resnet18")` here: the weights are
// downloaded once from torchvision's URL, checked against their SHA-256 and cached. `resnet-cntk` needs no download.

Console.WriteLine(Pretrained.Table());

var model = Pretrained.Classifier("resnet-cntk", data.Classes, new HeadSpec(Hidden: 256, Dropout: 0.5), seed: Kit.Seed);
Console.WriteLine(model.Entry);

// ## The model inspector
//
// Before every training run, look at what will train. The inspector lists each layer group with its parameter
// count, whether it is trainable, the mode of its BatchNorm layers and its output shape. Freeze the backbone and
// look again: a frozen group whose BatchNorm is still in training mode would keep changing its statistics — the
// inspector warns about exactly that.

Console.WriteLine(ModelInspector.Inspect(model, inputSize: 224).GroupsTable());

foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false;
var anatomy = ModelInspector.Inspect(model, inputSize: 224);
Console.WriteLine(anatomy);

// ## Summary
//
// - The plants data is small (80 training photos per class) and many photos are below 224 px — measured: 113 of 400
//   training photos (28%), 27 of 100 validation and 28 of 100 test photos; they are upscaled, so augment.
// - The dataset summary flags imbalance, small images and leakage before they cost you a wrong conclusion; the
//   perceptual-hash check found no near-duplicate photos shared between these splits.
// - The model's preprocessing, weights and metadata come as one entry; the inspector shows what will train — here
//   132,613 head parameters of 16.0 million, and BatchNorm layers that would still drift unless set to eval mode.
//
// Continue with **04 · Fine-tuning**.
