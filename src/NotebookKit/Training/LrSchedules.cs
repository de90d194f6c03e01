namespace NotebookKit.Training;

public sealed record ConstantSchedule : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => 1.0;
    public override string ToString() => "constant";
}

public sealed record StepSchedule(int StepSize, double Gamma) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => Math.Pow(Gamma, step / StepSize);
    public override string ToString() => $"step({StepSize}, {Gamma:G3})";
}

public sealed record MultiStepSchedule(IReadOnlyList<int> Milestones, double Gamma) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => Math.Pow(Gamma, Milestones.Count(m => m <= step));
    public override string ToString() => $"multi-step([{string.Join(",", Milestones)}], {Gamma:G3})";
}

public sealed record ExponentialSchedule(double Gamma) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => Math.Pow(Gamma, step);
    public override string ToString() => $"exponential({Gamma:G4})";
}

public sealed record CosineSchedule(double MinFactor) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => CosineAnneal(1.0, MinFactor, (double)step / Math.Max(1, totalSteps));
    public override string ToString() => "cosine";
}

public sealed record CosineRestartsSchedule(int FirstCycle, int CycleMult, double MinFactor) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps)
    {
        // Walk the cycles in integers: the float log formula of PyTorch misplaces restarts by one step at boundaries.
        long t = step, length = FirstCycle;
        while (t >= length) { t -= length; length *= CycleMult; }
        return CosineAnneal(1.0, MinFactor, (double)t / length);
    }

    public override string ToString() => $"cosine-restarts({FirstCycle}×{CycleMult})";
}

public sealed record OneCycleSchedule(double PctStart, double DivFactor, double FinalDivFactor) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps)
    {
        var initial = 1.0 / DivFactor;
        var min = initial / FinalDivFactor;
        // PyTorch's phase ends: the peak is at step pct·total − 1 and the minimum at the last step.
        var peak = PctStart * totalSteps - 1;
        var last = totalSteps - 1.0;
        double s = Math.Min(step, totalSteps - 1);
        return s <= peak
            ? CosineAnneal(initial, 1.0, peak <= 0 ? 1 : s / peak)
            : CosineAnneal(1.0, min, (s - peak) / (last - peak));
    }

    public override string ToString() => $"one-cycle({PctStart:G2})";
}

/// <summary>Linear warm-up, then <see cref="After"/> on the remaining steps as if they were a fit of their own (like HuggingFace's warm-up schedules).</summary>
public sealed record WarmupSchedule(int Steps, double StartFactor, LrSchedule After) : LrSchedule
{
    public override double Multiplier(int step, int totalSteps) => step < Steps
        ? StartFactor + (1 - StartFactor) * step / Steps
        : After.Multiplier(step - Steps, Math.Max(1, totalSteps - Steps));

    public override string ToString() => $"warmup({Steps})+{After}";
}
