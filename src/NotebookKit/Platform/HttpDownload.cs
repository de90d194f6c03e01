using System.Net;
using System.Net.Http.Headers;

namespace NotebookKit.Platform;

/// <summary>
/// The one HTTP transfer under dataset and weights downloads: streams a URL into a partial file, continuing what
/// is already there with a Range request. Callers verify checksums and move the file into place.
/// </summary>
public static class HttpDownload
{
    // A short connect timeout: on a machine without internet a blackholed connection would otherwise hang for minutes.
    // No overall timeout: a large archive on a slow line may take hours and still be fine.
    public static HttpClient Shared { get; } = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Downloads <paramref name="url"/> into <paramref name="partPath"/>, resuming a partial file when the server
    /// answers the range (206) and starting over when it sends everything (200) or rejects the range (416).
    /// <paramref name="progress"/> receives (bytes so far, total when known). Returns the file's length.
    /// </summary>
    /// <exception cref="HttpRequestException">The server answered with an error status.</exception>
    /// <exception cref="IOException">The body ended before the announced length: call again to resume.</exception>
    public static async Task<long> ToFileAsync(HttpClient http, string url, string partPath, long? expectedBytes = null,
        Action<long, long?>? progress = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var have = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && attempt == 0)
            {
                // The partial file is not a prefix the server recognises (complete, or from another file): start over.
                File.Delete(partPath);
                continue;
            }
            response.EnsureSuccessStatusCode();
            var resume = response.StatusCode == HttpStatusCode.PartialContent;
            var done = resume ? have : 0;
            var total = response.Content.Headers.ContentLength is { } length ? done + length : expectedBytes;
            await using (var output = new FileStream(partPath, resume ? FileMode.Append : FileMode.Create, FileAccess.Write))
            await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                var buffer = new byte[1 << 17];
                int n;
                while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    done += n;
                    progress?.Invoke(done, total);
                }
            }
            if (total is { } expected && done != expected)
                throw new IOException($"the transfer stopped at {done:N0} of {expected:N0} bytes");
            return done;
        }
    }
}
