using NotebookKit.Diagnostics;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using NotebookKit.Cli.Jupyter;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Jupyter;

/// <summary>
/// The kernels the kit starts or registers keep off the network: the registered Jupyter kernel (real process, its
/// listening sockets read from /proc) and dotnet-repl as <c>notebooks run</c> starts it; the doctor flags set-ups that would not.
/// </summary>
public class KernelNetworkTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public void The_registered_kernel_serves_its_http_api_on_loopback_only()
    {
        if (!OperatingSystem.IsLinux()) return; // reads /proc
        var spec = KernelSpec.ForRepository(Repo, KitPaths.NuGetPackagesRoot);
        using var temp = new TempFolder();
        var ports = Enumerable.Range(0, 5).Select(_ => FreePort()).ToArray();
        var connection = temp.PathOf("kernel.json");
        File.WriteAllText(connection, new JsonObject
        {
            ["shell_port"] = ports[0], ["iopub_port"] = ports[1], ["stdin_port"] = ports[2], ["control_port"] = ports[3], ["hb_port"] = ports[4],
            ["ip"] = "127.0.0.1", ["key"] = Guid.NewGuid().ToString("N"), ["transport"] = "tcp", ["signature_scheme"] = "hmac-sha256", ["kernel_name"] = KernelSpec.Name,
        }.ToJsonString());

        var argv = spec.Argv.Select(a => a.Replace("{connection_file}", connection, StringComparison.Ordinal)).ToList();
        var info = new ProcessStartInfo(argv[0]) { WorkingDirectory = temp.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        info.Environment["NUGET_PACKAGES"] = spec.PackagesRoot;
        using var kernel = Process.Start(info)!;
        kernel.OutputDataReceived += (_, _) => { };
        kernel.ErrorDataReceived += (_, _) => { };
        kernel.BeginOutputReadLine();
        kernel.BeginErrorReadLine();
        try
        {
            // The HTTP API is the one listener that is not a port of the connection file; wait until it is up.
            var sockets = WaitFor(kernel, s => s.Any(e => !ports.Contains(e.Port)));
            Assert.True(sockets.Any(e => !ports.Contains(e.Port)), $"the kernel opened no HTTP listener within {Patience.TotalMinutes} min (exited: {kernel.HasExited})");
            Assert.All(sockets, e => Assert.True(ListeningSockets.IsLoopback(e), $"the kernel listens on {e}, beyond loopback"));
        }
        finally { kernel.Kill(entireProcessTree: true); kernel.WaitForExit(); }
    }

    [Fact]
    public void Notebooks_run_executes_through_dotnet_repl_without_listening_beyond_loopback()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new TempFolder();
        var marker = temp.PathOf("running");
        var notebook = temp.PathOf("wait.ipynb");
        var cell = $"System.IO.File.WriteAllText(@\"{marker}\", \"\"); System.Threading.Thread.Sleep(5000);";
        File.WriteAllText(notebook, new JsonObject
        {
            ["cells"] = new JsonArray(new JsonObject { ["cell_type"] = "code", ["id"] = "wait", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = new JsonArray(cell) }),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = KernelSpec.Name } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        }.ToJsonString());

        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Notebooks, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in NotebookRunner.ReplArguments(notebook, temp.PathOf("out.ipynb"))) info.ArgumentList.Add(a);
        using var repl = Process.Start(info)!;
        repl.OutputDataReceived += (_, _) => { };
        repl.ErrorDataReceived += (_, _) => { };
        repl.BeginOutputReadLine();
        repl.BeginErrorReadLine();
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !repl.HasExited && clock.Elapsed < Patience) Thread.Sleep(200);
            Assert.True(File.Exists(marker), "dotnet-repl never ran the notebook's cell");
            Assert.All(ListeningSockets.Of(repl.Id), e => Assert.True(ListeningSockets.IsLoopback(e), $"dotnet-repl listens on {e}, beyond loopback"));
        }
        finally { repl.Kill(entireProcessTree: true); repl.WaitForExit(); }
    }

    [Fact]
    public void Proc_addresses_parse_as_the_kernel_prints_them()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2048), ListeningSockets.Parse("0100007F:0800"));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 2048), ListeningSockets.Parse("020200C0:0800"));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 2048), ListeningSockets.Parse("00000000000000000000000001000000:0800"));
        Assert.False(ListeningSockets.IsLoopback(ListeningSockets.Parse("000000FD000000000000000002000000:0800")));
        Assert.True(ListeningSockets.IsLoopback(ListeningSockets.Parse("0000000000000000FFFF00000100007F:0800")));
    }

    [Fact]
    public void The_doctor_warns_about_kernels_that_would_listen_beyond_loopback_and_accepts_the_kits()
    {
        using var temp = new TempFolder();
        var kit = KernelSpec.ForRepository(Repo, KitPaths.NuGetPackagesRoot).Argv;
        string[] upstream = ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"];
        DoctorCheck Check(IReadOnlyList<string> argv, string? vsCodeSettings = null)
        {
            var specs = new JsonObject { ["kernelspecs"] = new JsonObject { [".net-csharp"] = new JsonObject { ["spec"] = new JsonObject { ["argv"] = new JsonArray([.. argv.Select(a => JsonValue.Create(a))]) } } } };
            var settings = temp.PathOf($"settings-{Guid.NewGuid():N}.json");
            if (vsCodeSettings is not null) File.WriteAllText(settings, vsCodeSettings);
            var report = Doctor.Run(new DoctorOptions
            {
                QueryTorch = false, ToolManifest = null, VsCodeSettings = [settings],
                RunProcess = (file, args) => file == "jupyter" && args == "kernelspec list --json" ? specs.ToJsonString() : null,
            });
            return Assert.Single(report.Checks, c => c.Name == "Kernel network");
        }

        var exposed = Check(upstream);
        Assert.Equal(CheckStatus.Warning, exposed.Status);
        Assert.Contains("Jupyter kernel .net-csharp", exposed.Detail);
        Assert.Contains("notebookkit jupyter install", exposed.Fix);
        Assert.Equal(CheckStatus.Ok, Check(kit).Status);
        Assert.Equal(CheckStatus.Ok, Check(kit, "{ // user settings\n \"dotnet-interactive.kernelTransportArgs\": [\"{dotnet_path}\", \"tool\", \"run\", \"dotnet-interactive\", \"--\", \"stdio\"], }").Status);
        var vsCode = Check(kit, "{\"polyglot-notebook.kernelTransportArgs\": [\"dotnet\", \"interactive\", \"stdio\", \"--http-port\", \"1000\"]}");
        Assert.Equal(CheckStatus.Warning, vsCode.Status);
        Assert.Contains("VS Code polyglot-notebook.kernelTransportArgs", vsCode.Detail);
    }

    [Fact]
    public void Jupyter_version_output_lists_the_installed_components()
    {
        var found = JupyterInstallation.Parse("Selected Jupyter core packages...\nIPython          : 8.5.0\njupyter_client   : 7.4.9\njupyterlab       : not installed\nnbconvert        : 6.5.3\n");
        Assert.Equal("7.4.9", found.Versions["jupyter_client"]);
        Assert.Equal("6.5.3", found.Versions["nbconvert"]);
        Assert.False(found.Versions.ContainsKey("jupyterlab"));
        Assert.Contains("jupyter-client python3-ipykernel jupyter-nbconvert python3-notebook jupyter-notebook", JupyterInstallation.InstallHint);
    }

    static IReadOnlyList<IPEndPoint> WaitFor(Process process, Func<IReadOnlyList<IPEndPoint>, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<IPEndPoint> sockets = [];
        while (!process.HasExited && clock.Elapsed < Patience)
        {
            sockets = ListeningSockets.Of(process.Id);
            if (ready(sockets)) break;
            Thread.Sleep(250);
        }
        return sockets;
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }
}
