using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NotebookKit.Tests.Support;

/// <summary>An HTTP server on 127.0.0.1 and a free port serving byte arrays by path, with "bytes=N-" Range support.</summary>
public sealed class LoopbackServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly ConcurrentDictionary<string, byte[]> files = new();
    readonly Task loop;

    /// <summary>Every request as "path range" (range empty when absent).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public string BaseUrl { get; }
    /// <summary>Answer Range requests with the whole file (200), like servers without range support.</summary>
    public bool IgnoreRange { get; set; }

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(Serve);
    }

    public string Add(string path, byte[] content)
    {
        files[path] = content;
        return BaseUrl + path;
    }

    async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = context.Request.Url!.AbsolutePath.TrimStart('/');
            var range = context.Request.Headers["Range"];
            Requests.Enqueue($"{path} {range}".Trim());
            using var response = context.Response;
            if (!files.TryGetValue(path, out var body))
            {
                response.StatusCode = 404;
                continue;
            }
            var from = 0;
            if (!IgnoreRange && range is { } r && r.StartsWith("bytes=") && r.EndsWith('-'))
            {
                from = int.Parse(r["bytes=".Length..^1]);
                if (from >= body.Length)
                {
                    response.StatusCode = 416;
                    continue;
                }
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
            }
            response.ContentLength64 = body.Length - from;
            await response.OutputStream.WriteAsync(body.AsMemory(from));
        }
    }

    /// <summary>Stops serving (a test going offline half-way); safe to call again.</summary>
    public void Dispose()
    {
        if (!listener.IsListening) return;
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
