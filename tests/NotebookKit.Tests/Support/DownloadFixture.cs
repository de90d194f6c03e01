namespace NotebookKit.Tests.Support;

/// <summary>What every download test needs: a temp folder, a loopback server and a client that never uses a proxy.</summary>
public abstract class DownloadFixture : IDisposable
{
    protected readonly TempFolder temp = new();
    protected readonly LoopbackServer server = new();
    protected readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false });

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
