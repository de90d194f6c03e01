var path = Path.Combine(NotebookKit.Platform.KitPaths.NuGetPackagesRoot, "microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx");
var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
var g = model.Graph;
var inits = g.Initializer.ToDictionary(i => i.Name);
Console.WriteLine($"nodes {g.Node.Count} inits {g.Initializer.Count} inputs {string.Join(",", g.Input.Select(i=>i.Name))}");
foreach (var n in g.Node.Take(40)) Console.WriteLine($"{n.OpType} in=[{string.Join(",", n.Input.Select(i => inits.TryGetValue(i, out var t) ? i+":"+string.Join("x",t.Dims)+":"+t.DataType+(t.RawData.Length>0?"raw":"f"+t.FloatData.Count) : i))}] out=[{string.Join(",", n.Output)}] attr=[{string.Join(";", n.Attribute.Select(a => a.Name+"="+(a.Ints.Count>0?string.Join(",",a.Ints):a.F.ToString())))}]");
Console.WriteLine(string.Join(" ", g.Node.GroupBy(n => n.OpType).Select(x => x.Key + ":" + x.Count())));
