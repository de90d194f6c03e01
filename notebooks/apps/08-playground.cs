#:project ../../src/NotebookKit/NotebookKit.csproj
#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)
#:property SelfContained=false
#:property CreateHardLinksForCopyLocalIfPossible=true
#:property PublishAot=false
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
// part allows, and reports validation and test accuracy with the time each run took.
//
// **What you will practise**
// - reading a freeze × learning-rate grid and choosing on *validation* accuracy;
// - seeing how cost grows as more layers train.

var data = Kit.Open("cats-dogs", quickTrainPerClass: 16, quickEvalPerClass: 8);
var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: Kit.Seed);
var learn = Learner.FromFolder(model, data, options: new LearnerOptions { Seed = Kit.Seed });

// ## ✏️ Edit this cell
//
// Strategies: `FreezeSpec.Backbone` (head only), `FreezeSpec.UpTo("layer3")` (layer4 + head),
// `FreezeSpec.UpTo("layer2")`, `FreezeSpec.None` (everything). Schedules: `LrSchedule.Constant`,
// `LrSchedule.OneCycle()`, `LrSchedule.Cosine()`, `LrSchedule.Step(100)`.

FreezeSpec[] strategies = [FreezeSpec.Backbone, FreezeSpec.UpTo("layer3")];
double[] lrs = [1e-4, 1e-3, 1e-2];
LrSchedule schedule = LrSchedule.OneCycle();
var epochs = Kit.Pick(2, 1);

var runs = ExperimentGrid.Run(learn, strategies, lrs, [schedule], epochs);
Console.WriteLine(ExperimentGrid.ToDataFrame(runs));

var pivot = GridPivot.Of(runs);
Show.Chart(ExperimentCharts.Grid(pivot.Rows, pivot.Columns, pivot.Values));

// ## Exercises (expected ranges from full-mode runs on 2 CPU cores)
//
// 1. **Too fast, too slow.** With `FreezeSpec.Backbone`, compare `1e-4` and `1e-2`. Which one under-trains in two
//    epochs? (Expect the smallest rate to trail by several points of validation accuracy.)
// 2. **Cost of depth.** Add `FreezeSpec.None` and compare the `seconds` column with `FreezeSpec.UpTo("layer3")`.
//    (Expect the full fine-tune to be several times slower per epoch: it cannot use the activation cache.)
// 3. **Schedules.** Swap `LrSchedule.OneCycle()` for `LrSchedule.Constant` at `1e-3`. Does warm-up and annealing
//    matter for two epochs?
// 4. **Your own photos.** Replace `Kit.Open("cats-dogs")` with `ImageFolder.Open("/path/to/your/folder")`: class
//    folders, or `train/ val/ test/` splits of class folders.
//
// ## Summary
//
// The best cell of the heat map is your recipe; confirm it once on the test split, and only once.
