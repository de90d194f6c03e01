using NotebookKit.Training;

namespace NotebookKit.Tests.Support;

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool and can arrive late).</summary>
public sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
