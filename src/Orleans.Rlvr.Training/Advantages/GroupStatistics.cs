namespace Orleans.Rlvr.Training.Advantages;

/// <summary>Mean and sample standard deviation (Bessel-corrected, as torch.std in verl and TRL) of a group's rewards.</summary>
internal readonly record struct GroupStatistics(double Mean, double Std, bool AllEqual)
{
    public static GroupStatistics Of(IReadOnlyList<double> rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.Count == 0)
        {
            throw new ArgumentException("A group needs at least one reward.", nameof(rewards));
        }

        for (var i = 0; i < rewards.Count; i++)
        {
            if (!double.IsFinite(rewards[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(rewards), rewards[i], $"rewards[{i}] must be a finite number.");
            }
        }

        var mean = rewards.Average();
        var allEqual = rewards.All(r => r == rewards[0]);
        var std = rewards.Count > 1
            ? Math.Sqrt(rewards.Sum(r => (r - mean) * (r - mean)) / (rewards.Count - 1))
            : 0.0;
        return new GroupStatistics(mean, std, allEqual);
    }
}
