using NotebookKit.Platform;
var so = Path.Combine(KitPaths.NuGetPackagesRoot, "torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so");
Console.WriteLine(ElfVersionPatcher.Patch(so, "GLIBCXX_3.4.32", "GLIBCXX_3.4.30", Path.Combine(KitPaths.BackupFolder, "libLibTorchSharp.so.orig")));
var bin = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
if (File.Exists(bin)) Console.WriteLine(ElfVersionPatcher.Patch(bin, "GLIBCXX_3.4.32", "GLIBCXX_3.4.30"));
foreach (var f in NativeLibraries.EnsureLoaded()) Console.WriteLine(f);
var t = TorchSharp.torch.ones(2, 3);
Console.WriteLine(t.sum().item<float>());
Console.WriteLine(TorchSharp.torch.get_num_threads());
