using System.Text;
using System.Text.Json;
using NotebookKit.Models;
using NotebookKit.Platform;

namespace NotebookKit.Training;

/// <summary>Where an unfinished fit stood: epochs of the fit, epochs done in it, and batches per epoch (the schedule's clock).</summary>
public sealed record FitPosition(int Epochs, int EpochsDone, int StepsPerEpoch);

/// <summary>What a checkpoint says about the learner besides weights and optimizer state; <paramref name="Model"/> describes the network the weights belong to.</summary>
public sealed record CheckpointInfo(string Format, ModelSpec Model, IReadOnlyList<string> Groups,
    int FrozenCount, bool TrainFrozenBatchNorm, string Optimizer, int Seed, int EpochsDone, long Iteration,
    FitPosition? Fit, IReadOnlyList<EpochRecord> History);

public sealed partial class Learner
{
    /// <summary>
    /// /3 ends in a SHA-256 of every byte before it, so flipped or missing bytes are named instead of resumed from; /2 had no
    /// checksum and /1 stored only the zoo id (its flattened models could not be told apart): neither is read.
    /// </summary>
    public const string CheckpointFormat = "notebookkit-checkpoint/3";
    const int ChecksumLength = 32;
    static readonly byte[] Magic = "NKCKPT1\n"u8.ToArray();

    /// <summary>
    /// Saves weights (with BatchNorm statistics), optimizer state, freezing, epoch and step counters (which seed
    /// shuffling, augmentation and dropout), the position in the current fit (the schedule's clock) and the history.
    /// Written to a temporary file next to <paramref name="path"/> and renamed over it, so a failed save leaves the
    /// previous checkpoint intact; temporary files of killed runs beside it are removed. The state of the running fit's
    /// <see cref="ICheckpointState"/> callbacks (best weights, patience) follows the optimizer state.
    /// </summary>
    public void SaveCheckpoint(string path) => SaveCheckpoint(path, p => new FileStream(p, FileMode.CreateNew, FileAccess.Write));

    internal void SaveCheckpoint(string path, Func<string, Stream> open)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        StaleFiles.RemoveBeside(path);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        if (File.Exists(tmp)) File.Delete(tmp);
        try
        {
            using (var stream = open(tmp))
            using (var hashing = new HashingStream(stream))
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                var info = new CheckpointInfo(CheckpointFormat, Model.Spec, [.. Groups.Select(g => g.Name)], FrozenCount,
                    Options.TrainFrozenBatchNorm, Options.Optimizer.ToString(), Options.Seed, EpochsDone, Iteration, position, history);
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(info));
                Model.save(writer);
                writer.Write(optimizer is not null);
                optimizer?.save_state_dict(writer);
                WriteCallbackStates(writer);
                writer.Flush();
                stream.Write(hashing.Hash());
                if (stream is FileStream fs) fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Restores a checkpoint of a learner with the same model, classes and optimizer kind. If it was saved in the
    /// middle of a fit, the next <see cref="Fit"/> with the same number of epochs continues that fit exactly.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is damaged or torn, or belongs to another learner; the message names it.</exception>
    public CheckpointInfo LoadCheckpoint(string path)
    {
        path = Path.GetFullPath(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"'{path}' is a folder, not a checkpoint file. Pass the file given to --checkpoint (Checkpointing).");
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        try { return ReadCheckpoint(path); }
        catch (Exception e) when (e is JsonException or EndOfStreamException or IOException or FormatException or ArgumentException or NotSupportedException
                                      or System.Runtime.InteropServices.ExternalException or OverflowException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is damaged or incomplete ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}). Resume from an older checkpoint or start again without it.", e);
        }
    }

    CheckpointInfo ReadCheckpoint(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a NotebookKit checkpoint.");
        var header = reader.ReadString();
        var format = JsonSerializer.Deserialize<CheckpointFormatOnly>(header)?.Format;
        if (format != CheckpointFormat)
            throw new InvalidDataException($"'{path}' has format '{format}', this kit reads '{CheckpointFormat}'. Resume with the kit that wrote it, or start again without it.");
        if (!ChecksumMatches(reader.BaseStream))
            throw new InvalidDataException($"Checkpoint '{path}' is damaged: its checksum does not match its contents (changed or missing bytes). Resume from an older checkpoint or start again without it.");
        var info = JsonSerializer.Deserialize<CheckpointInfo>(header) ?? throw new InvalidDataException($"'{path}' has no header.");
        if (info.Model?.Classes is null || info.Groups is null || info.History is null) throw new InvalidDataException($"Checkpoint '{path}' has an incomplete header.");
        if (!SameNetwork(info.Model, Model.Spec) || !info.Groups.SequenceEqual(Groups.Select(g => g.Name)))
            throw new InvalidDataException($"'{path}' holds {info.Model}; this learner has {Model.Spec}.");
        if (info.TrainFrozenBatchNorm != Options.TrainFrozenBatchNorm || info.Optimizer != Options.Optimizer.ToString())
            throw new InvalidDataException($"'{path}' was saved with optimizer {info.Optimizer} and TrainFrozenBatchNorm={info.TrainFrozenBatchNorm}; create the learner with the same options.");

        ClearCaches();
        FreezeTo(info.FrozenCount);
        ResetOptimizer();
        Model.load(reader);
        if (reader.ReadBoolean())
        {
            EnsureOptimizer(LearningRates.Uniform(0).For(Groups.Count)); // the saved state carries the rates; Fit sets them every step anyway
            optimizer!.load_state_dict(reader);
        }
        EpochsDone = info.EpochsDone;
        Iteration = info.Iteration;
        history.Clear();
        history.AddRange(info.History);
        resumeFrom = info.Fit;
        callbackStates = ReadCallbackStates(reader);
        if (reader.BaseStream.Position != reader.BaseStream.Length - ChecksumLength) throw new InvalidDataException($"Checkpoint '{path}' has bytes that none of its parts claims.");
        return info;
    }

    /// <summary>Whether the file's last 32 bytes are the SHA-256 of the rest; leaves the stream where it was.</summary>
    static bool ChecksumMatches(Stream file)
    {
        var resumeAt = file.Position;
        if (file.Length < ChecksumLength) return false;
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        file.Position = 0;
        var buffer = new byte[1 << 20];
        for (var left = file.Length - ChecksumLength; left > 0;)
        {
            var n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) return false;
            sha.AppendData(buffer, 0, n);
            left -= n;
        }
        var stored = new byte[ChecksumLength];
        file.ReadExactly(stored);
        file.Position = resumeAt;
        return sha.GetHashAndReset().AsSpan().SequenceEqual(stored);
    }

    sealed record CheckpointFormatOnly(string? Format);

    /// <summary>Whether a checkpoint's weights fit this learner's model: the same architecture, pooling, head, classes and input size (where the starting weights came from does not matter).</summary>
    static bool SameNetwork(ModelSpec saved, ModelSpec current) =>
        saved.Architecture == current.Architecture && saved.Pooling == current.Pooling && Equals(saved.Head, current.Head)
        && saved.Classes.SequenceEqual(current.Classes) && saved.Preprocess?.InputSize == current.InputSize;

    void WriteCallbackStates(BinaryWriter writer)
    {
        var stateful = (fitCallbacks ?? Callbacks).OfType<ICheckpointState>().ToList();
        writer.Write(stateful.Count);
        foreach (var callback in stateful)
        {
            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) callback.SaveState(w);
            writer.Write(callback.StateKey);
            writer.Write((int)buffer.Length);
            writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    /// <summary>Callback states by key.</summary>
    static Dictionary<string, byte[]> ReadCallbackStates(BinaryReader reader)
    {
        var states = new Dictionary<string, byte[]>();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var length = reader.ReadInt32();
            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length) throw new EndOfStreamException("the file ends inside a callback's state");
            states[key] = bytes;
        }
        return states;
    }

    /// <summary>Gives the callbacks of a resumed fit their saved state (after OnFitBegin has reset them).</summary>
    void RestoreCallbackStates(IEnumerable<ICallback> callbacks)
    {
        var states = callbackStates;
        callbackStates = [];
        foreach (var callback in callbacks.OfType<ICheckpointState>())
            if (states.TryGetValue(callback.StateKey, out var bytes))
            {
                using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
                callback.LoadState(reader, this);
            }
    }

    /// <summary>The first epoch of a fit: where a loaded checkpoint's unfinished fit stopped, if it matches, else 0.</summary>
    int TakeResume(int epochs, int stepsPerEpoch)
    {
        var saved = resumeFrom;
        resumeFrom = null;
        if (saved is null || saved.EpochsDone >= saved.Epochs) return 0;
        if (saved.Epochs == epochs && saved.StepsPerEpoch == stepsPerEpoch) return saved.EpochsDone;
        Options.Log?.Invoke($"The checkpoint's fit stopped after {saved.EpochsDone} of {saved.Epochs} epochs ({saved.StepsPerEpoch} steps each); " +
            $"this fit has {epochs} epochs of {stepsPerEpoch} steps, so it starts from its first epoch.");
        return 0;
    }

    /// <summary>Forgets training progress (history, counters, optimizer state, unfinished fit) but keeps weights and caches: a fresh run.</summary>
    internal void ResetProgress()
    {
        history.Clear();
        EpochsDone = 0;
        Iteration = 0;
        position = null;
        resumeFrom = null;
        callbackStates = [];
        ResetOptimizer();
    }
}
