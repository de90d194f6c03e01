using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NotebookKit.Tests.Support;

/// <summary>
/// An HTTP server on 127.0.0.1 and a free port serving byte arrays by path, with "bytes=N-" Range support, a strong
/// ETag per content (If-Range honoured: a stale one gets the whole file) and a connection dropped on request.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly ConcurrentDictionary<string, byte[]> files = new();
    readonly Task loop;

    /// <summary>Every request as "path range" (range empty when absent), then " if-range=V" when the request had one.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public string BaseUrl { get; }
    /// <summary>Answer Range requests with the whole file (200), like servers without range support.</summary>
    public bool IgnoreRange { get; set; }
    /// <summary>The next response sends this many bytes of its body, then drops the connection (a network failure half-way).</summary>
    public int? DropNextAfter { get; set; }

    /// <summary>The ETag served for <paramref name="content"/>: its SHA-256 prefix, so it changes when the file does.</summary>
    public static string ETagOf(byte[] content) => $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..16]}\"";

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
            var ifRange = context.Request.Headers["If-Range"];
            Requests.Enqueue($"{path} {range}".Trim() + (ifRange is null ? "" : $" if-range={ifRange}"));
            using var response = context.Response;
            if (!files.TryGetValue(path, out var body))
            {
                response.StatusCode = 404;
                continue;
            }
            response.Headers["ETag"] = ETagOf(body);
            var from = 0;
            if (!IgnoreRange && range is { } r && r.StartsWith("bytes=") && r.EndsWith('-') && (ifRange is null || ifRange == ETagOf(body)))
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
            if (DropNextAfter is { } drop)
            {
                DropNextAfter = null;
                await response.OutputStream.WriteAsync(body.AsMemory(from, drop));
                await response.OutputStream.FlushAsync();
                response.Abort();
                continue;
            }
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
