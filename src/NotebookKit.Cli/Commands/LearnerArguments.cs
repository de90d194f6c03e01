using System.CommandLine;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// The options train, lr-find and grid share — data, model, pooling, head, input size, freezing, optimizer, batch size, seed,
/// device — and the one way they become a learner (so <c>--image-size</c> means the same in every command).
/// </summary>
sealed class LearnerArguments(int defaultBatchSize = 32)
{
    readonly Option<string> data = new("--data") { Description = "Image folder: train/ val/ [test/] split folders, or class folders directly", Required = true };
    readonly Option<string> model = new("--model") { Description = "Model id from the zoo", DefaultValueFactory = _ => Pretrained.DefaultId };
    readonly Option<string> pooling = new("--pooling") { Description = "How the backbone's last feature map becomes the head's input: avg (global average pooling) or flatten (every position, the article's Keras head; the model then takes only its input size)", DefaultValueFactory = _ => "avg" };
    readonly Option<string?> weights = new("--weights") { Description = "The backbone's weights from a local file (.pth/.pt/.bin state dict, .safetensors or .dat) of the same architecture, instead of the zoo's download" };
    readonly Option<string> head = new("--head") { Description = "'linear'; 'mlp:N' for Dense(N, relu) + dropout 0.5 + output; 'article' for the case study's Dense(256, relu) + dropout + Dense(1, sigmoid) (two classes)", DefaultValueFactory = _ => "linear" };
    readonly Option<string> freeze = new("--freeze") { Description = "What trains: backbone (only the head, from cached features), none (everything), from:GROUP (GROUP onwards; groups: stem, layer1 … layer4)", DefaultValueFactory = _ => "backbone" };
    readonly Option<string> optimizer = new("--optimizer") { Description = "adamw, adam, sgd or sgd-nesterov", DefaultValueFactory = _ => "adamw" };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => defaultBatchSize };
    readonly Option<int?> imageSize = new("--image-size") { Description = "Input size in pixels (default: the model's, 224)" };
    readonly Option<int> seed = new("--seed") { Description = "Seed for splits, shuffling and initialisation", DefaultValueFactory = _ => Seeds.Default };
    readonly Option<string> device = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
    readonly Option<string?> classWeights = new("--class-weights") { Description = "Weigh classes in the loss: 'balanced' (n_images / (n_classes · images of the class)) or a file of class<TAB>weight lines (or a JSON object)" };
    readonly Option<string> sampler = new("--sampler") { Description = "How training batches are drawn: shuffle (every image once per epoch) or balanced (classes equally often, with replacement)", DefaultValueFactory = _ => "shuffle" };
    readonly BadInputOptions badInput = new();

    /// <summary>The CLI's way to act on an imbalance warning, in place of the library's.</summary>
    const string ClassWeightsFlag = "pass --class-weights balanced (or --sampler balanced)";

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { data, model, weights, pooling, head, freeze, optimizer, batchSize, imageSize, seed, device, classWeights, sampler }) command.Options.Add(o);
        badInput.AddTo(command);
    }

    public string FreezeText(ParseResult parse) => FreezeSpec.Parse(parse.GetValue(freeze)!).Text;
    public int Seed(ParseResult parse) => parse.GetValue(seed);
    public int BatchSize(ParseResult parse) => parse.GetValue(batchSize);

    /// <summary>The folder as the commands open it, under the bad-input policy, with skipped files listed.</summary>
    public ImageFolder OpenData(ParseResult parse, CancellationToken cancellationToken = default)
    {
        var folder = badInput.Open(parse, parse.GetValue(data)!, parse.GetValue(seed), cancellationToken);
        foreach (var warning in DatasetSummary.ImbalanceWarnings(folder))
            CliErrors.Line("warning: " + Terminal.Safe(warning.Replace(DatasetSummary.ClassWeightsHint, ClassWeightsFlag)));
        return folder;
    }

    /// <summary>
    /// A learner on <paramref name="folder"/>: the zoo model with a new head at the chosen input size, frozen as asked,
    /// logging its notes to the console. <paramref name="augmentation"/> and <paramref name="mirror"/> choose the training inputs.
    /// </summary>
    public Learner Build(ParseResult parse, ImageFolder folder, Augmentation? augmentation = null, bool mirror = false)
    {
        var classifier = Pretrained.Classifier(parse.GetValue(model)!, folder.Classes, ParseHead(parse.GetValue(head)!), seed: parse.GetValue(seed),
            inputSize: parse.GetValue(imageSize), pooling: PoolingNames.Parse(parse.GetValue(pooling)!), weightsPath: parse.GetValue(weights));
        var options = new LearnerOptions
        {
            Optimizer = OptimizerSpec.Parse(parse.GetValue(optimizer)!),
            Seed = parse.GetValue(seed),
            Device = DeviceChoice.Resolve(parse.GetValue(device)),
            ClassWeights = parse.GetValue(classWeights) is { } given ? ClassWeights.Parse(given) : null,
            BalancedSampler = parse.GetValue(sampler) switch
            {
                "shuffle" => false,
                "balanced" => true,
                var other => throw new ArgumentException($"--sampler '{other}' is not 'shuffle' or 'balanced'."),
            },
            Log = note => AnsiConsole.MarkupLineInterpolated($"[grey]{note}[/]"),
        };
        var train = augmentation is null || augmentation == Augmentation.None ? null : ImagePipeline.ForTrain(classifier.Preprocess, augmentation);
        var learner = Learner.FromFolder(classifier, folder, train, parse.GetValue(batchSize), options, mirror && train is null);
        FreezeSpec.Parse(parse.GetValue(freeze)!).ApplyTo(learner);
        return learner;
    }

    static HeadSpec ParseHead(string text) => text switch
    {
        "linear" => HeadSpec.Linear,
        "article" => HeadSpec.ArticleBinary,
        _ when text.StartsWith("mlp:", StringComparison.Ordinal) && int.TryParse(text[4..], out var hidden) && hidden > 0 => new HeadSpec(hidden, 0.5),
        _ => throw new ArgumentException($"--head '{text}' is not 'linear', 'article' or 'mlp:N' (e.g. mlp:256)."),
    };
}
