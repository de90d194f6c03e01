using System.Net;
using System.Net.Http.Headers;

namespace NotebookKit.Platform;

/// <summary>
/// The one HTTP transfer under dataset and weights downloads: streams a URL into a partial file, continuing what
/// is already there with a Range request. Callers verify checksums and move the file into place.
/// Beside the partial file, <c>PART.validator</c> keeps what the server said the file was (its ETag or Last-Modified,
/// and its length), so a later run resumes only the same file: the Range request carries it as If-Range (the server
/// sends the whole new file if it changed), and a 206 whose total length differs from the recorded one starts over.
/// </summary>
public static class HttpDownload
{
    // A short connect timeout: on a machine without internet a blackholed connection would otherwise hang for minutes.
    // No overall timeout: a large archive on a slow line may take hours and still be fine.
    public static HttpClient Shared { get; } = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>How long a transfer may go without receiving a byte (headers included) before it is abandoned.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Downloads <paramref name="url"/> into <paramref name="partPath"/>, resuming a partial file when the server
    /// answers the range (206) for the same file and starting over when it sends everything (200), rejects the range
    /// (416) or answers for a file of another length.
    /// <paramref name="progress"/> receives (bytes so far, total when known). Returns the file's length.
    /// </summary>
    /// <exception cref="HttpRequestException">The server answered with an error status.</exception>
    /// <exception cref="IOException">The body ended before the announced length: call again to resume.</exception>
    /// <exception cref="TimeoutException">Nothing arrived for <paramref name="idleTimeout"/> (default <see cref="DefaultIdleTimeout"/>): a server that accepts and never answers.</exception>
    public static async Task<long> ToFileAsync(HttpClient http, string url, string partPath, long? expectedBytes = null,
        Action<long, long?>? progress = null, CancellationToken cancellationToken = default, TimeSpan? idleTimeout = null)
    {
        var idle = idleTimeout ?? DefaultIdleTimeout;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try { return await TransferAsync(http, url, partPath, expectedBytes, progress, watchdog, idle); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no data from {new Uri(url).Authority} for {idle.TotalSeconds:F0} s");
        }
    }

    static async Task<long> TransferAsync(HttpClient http, string url, string partPath, long? expectedBytes, Action<long, long?>? progress,
        CancellationTokenSource watchdog, TimeSpan idle)
    {
        var cancellationToken = watchdog.Token;
        var validatorPath = partPath + ".validator";
        for (var attempt = 0; ; attempt++)
        {
            var have = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
            var recorded = have > 0 ? Validator.Read(validatorPath) : null;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            watchdog.CancelAfter(idle);
            if (have > 0)
            {
                request.Headers.Range = new RangeHeaderValue(have, null);
                if (recorded?.IfRange is { } ifRange) request.Headers.IfRange = ifRange;
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var resume = response.StatusCode == HttpStatusCode.PartialContent;
            var range = response.Content.Headers.ContentRange;
            var known = recorded?.Length ?? expectedBytes;
            var sameFile = !resume || (range?.From == have && (known is null || range.Length is null || range.Length == known));
            if (attempt == 0 && (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable || !sameFile))
            {
                // The partial file is not a prefix of what the server has now (complete, another file, or a changed one): start over.
                File.Delete(partPath);
                File.Delete(validatorPath);
                continue;
            }
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentType?.MediaType is "text/html")
                throw new InvalidDataException("the server sent a web page (text/html) instead of the file; the URL probably points to a download page, a login or an error page");
            var done = resume ? have : 0;
            var total = response.Content.Headers.ContentLength is { } contentLength ? done + contentLength : expectedBytes;
            if (!resume) Validator.Write(validatorPath, response, total);
            await using (var output = new FileStream(partPath, resume ? FileMode.Append : FileMode.Create, FileAccess.Write))
            await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                var buffer = new byte[1 << 17];
                int n;
                while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    watchdog.CancelAfter(idle); // restarted by every chunk: only silence counts, not a long transfer
                    await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    done += n;
                    progress?.Invoke(done, total);
                }
            }
            if (total is { } expected && done != expected)
                throw new IOException($"the transfer stopped at {done:N0} of {expected:N0} bytes");
            File.Delete(validatorPath);
            return done;
        }
    }

    /// <summary>The server's identity of the file being downloaded: a strong ETag or else Last-Modified (either may be absent), and its length.</summary>
    sealed record Validator(RangeConditionHeaderValue? IfRange, long? Length)
    {
        public static void Write(string path, HttpResponseMessage response, long? length)
        {
            var etag = response.Headers.ETag is { IsWeak: false } strong ? strong.Tag : "";
            var modified = response.Content.Headers.LastModified is { } date ? date.ToString("R") : "";
            File.WriteAllLines(path, [$"etag {etag}", $"last-modified {modified}", $"length {length}"]);
        }

        /// <summary>The recorded validator, or null when there is none (a partial file from an older kit, or copied in by hand).</summary>
        public static Validator? Read(string path)
        {
            if (!File.Exists(path)) return null;
            var fields = File.ReadAllLines(path).Select(l => l.Split(' ', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1].Trim());
            RangeConditionHeaderValue? ifRange =
                fields.GetValueOrDefault("etag") is { Length: > 0 } etag ? new(new EntityTagHeaderValue(etag)) :
                DateTimeOffset.TryParse(fields.GetValueOrDefault("last-modified"), out var modified) ? new(modified) : null;
            return new(ifRange, long.TryParse(fields.GetValueOrDefault("length"), out var length) ? length : null);
        }
    }
}
