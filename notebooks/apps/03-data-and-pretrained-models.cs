#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
#:property TieredPGO=false
// Generated from notebooks/03-data-and-pretrained-models.ipynb by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.
using NotebookKit;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
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
//
// **Time plan.** Reading and discussion 25 min, exercise 10 min. Run time: see the measured table in the
// [README](../README.md#notebooks). Previous: [02 · Transfer learning](02-transfer-learning.ipynb).
// **Quick mode** keeps 40 training photos per class instead of 80; validation and test keep all their photos (20 per
// class); the previews and the model zoo are the same.

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
Lesson.Expect("no photo appears in two splits", summary.NearDuplicates.Count == 0, $"{summary.NearDuplicates.Count} near-duplicate pairs");

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
Show.Html(ImageHtml.Png(AugmentationPreview.Grid(photo, standard, n: 8)));

// The article's recipe (Keras `ImageDataGenerator`: shear 0.2, zoom 0.2, horizontal flip) is gentler. Note that
// Keras reads `shear_range` in degrees, so 0.2 is almost invisible:

Show.Html(ImageHtml.Png(AugmentationPreview.Grid(photo, keras, n: 8)));

// Rotations are one more transform: `RandomRotation(15)` turns each photo by up to 15° either way and fills the
// corners. Flowers have no "up", so rotations suit them better than they would suit, say, street signs:

var rotate = new ImagePipeline([new ResizeShorterSide(spec.ResizeSize), new RandomRotation(15), new CenterCrop(spec.InputSize)], spec.Normalization, spec.InputSize);
Show.Html(ImageHtml.Png(AugmentationPreview.Grid(photo, rotate, n: 8)));

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

// Six of the rows are today's backbones, ported from torchvision 0.14 and checked against it (the same logits from the
// same weights, to 1e-4): `mobilenet_v3_large`, `convnext_tiny`, `regnet_y_800mf`, `efficientnet_v2_s`, `swin_t` (a
// transformer with shifted windows) and `vit_b_16` (a Vision Transformer, 224 px only). Their `top1`, parameter and
// GFLOPs columns are **torchvision's published numbers**, not measured in this run. Their weights download from
// torchvision's URL on first use; `offline` says whether they are already in the kit's cache. A weights file you already
// have (a `.pth` or `.safetensors` of the same architecture) loads with
// `Pretrained.Classifier("convnext_tiny", classes, weightsPath: "convnext_tiny.pth")`, or `--weights FILE` on the command
// line. Chapter 8 lets you swap the backbone in one place.

// The entry lists the published network's parameters, ImageNet's 1,000-class output layer included. A classifier
// for your classes keeps the backbone and puts a new head where that layer was:

var model = Pretrained.Classifier("resnet-cntk", data.Classes, new HeadSpec(Hidden: 256, Dropout: 0.5));
Console.WriteLine(model.Entry);
var (backbone, _) = ModelInspector.CountParameters(model.BackboneModule);
var (total, _) = ModelInspector.CountParameters(model);
var (dropped, head) = (model.Entry.Metadata.Parameters - backbone, ModelInspector.CountParameters(model.Head).Total);
Console.WriteLine($"published {model.Entry.Metadata.Parameters:N0} − {backbone:N0} in the backbone = {dropped:N0} = {model.Backbone.FeatureCount} × 1,000 + 1,000: ImageNet's output layer");
Console.WriteLine($"classifier: {model.Entry.Metadata.Parameters:N0} − {dropped:N0} + {head:N0} (new head) = {total:N0}");

// ## The model inspector
//
// So the two counts you will see differ for a reason: the entry's published total (with ImageNet's classifier) and
// the inspector's total below (the same backbone with the new head), as the lines above add up.
//
// Before every training run, look at what will train. The inspector lists each layer group with its parameter
// count, whether it is trainable, the mode of its BatchNorm layers and its output shape. Freeze the backbone and
// look again: a frozen group whose BatchNorm is still in training mode would keep changing its statistics — the
// inspector warns about exactly that.

Console.WriteLine(ModelInspector.Inspect(model, inputSize: 224).GroupsTable());

foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false; // freezing by hand
var byHand = ModelInspector.Inspect(model, inputSize: 224);
Console.WriteLine(byHand);

// That is the classic bug: the weights are frozen but the BatchNorm layers are still in training mode, so their
// running statistics would drift with every batch. The library freezes both at once — `Freeze()` puts frozen groups in
// evaluation mode the moment they are frozen:

var learn = Learner.FromFolder(model, data);
learn.Freeze();
var frozen = ModelInspector.Inspect(model, inputSize: 224);
Console.WriteLine(frozen.Summary);
Lesson.Expect("requires_grad alone leaves frozen BatchNorm layers updating; Freeze() does not",
    byHand.Warnings.Count > 0 && frozen.Warnings.Count == 0, $"{byHand.Warnings.Count} warning(s) by hand → {frozen.Warnings.Count} with Freeze()");

// ## Exercise
//
// The inspector takes any input size. Inspect the same classifier at 288 px (`ModelInspector.Inspect(model,
// inputSize: 288)`) and read layer4's output shape and the parameter total. **Expected:** layer4 outputs 9×9 feature
// maps instead of 7×7, and the total stays exactly the same — convolutions do not care how large the image is, which
// is why [chapter 6](06-case-study-cats-dogs.ipynb) can feed the same network larger photos
// ([Touvron et al. 2019](https://arxiv.org/abs/1906.06423)).
//
// Solution (collapsed; expand to see):

var at288 = ModelInspector.Inspect(model, inputSize: 288);
var layer4 = at288.Groups.Single(g => g.Name == "layer4");
Console.WriteLine($"layer4 at 288 px: [{string.Join("×", layer4.OutputShape!.Skip(1))}]");
Lesson.Expect("a larger input changes the feature maps, not the parameters", layer4.OutputShape![^1] == 9 && at288.Groups.Sum(g => g.Parameters) == total,
    $"{at288.Groups.Sum(g => g.Parameters):N0} parameters at 288 px, {total:N0} at 224 px");

// ## Summary
//
// - The dataset summary flags imbalance, small images and leakage before they cost you a wrong conclusion: the tables
//   above count, for your run's photos, how many are below 224 px (they are upscaled, so augment), and the
//   perceptual-hash check found no near-duplicate photos shared between the splits. Full-mode reference, measured
//   2026-12-01 on all plants photos: 113 of 400 training photos (28%), 27 of 100 validation and 28 of 100 test photos
//   are below 224 px.
// - Augmentation previews show flips, crops, shear, zoom and rotations; evaluation never augments.
// - The model's preprocessing, weights and metadata come as one entry. The published 16,410,152 parameters include
//   ImageNet's 1,000-class layer; the classifier's 16,029,765 replace it with the new head — the lines printed above add it up.
//   Freezing by hand leaves BatchNorm layers drifting; `learn.Freeze()` does not, and the inspector's warnings vanish.
//
// Continue with **[04 · Fine-tuning](04-fine-tuning.ipynb)**.
