namespace Orleans.Rlvr.Training.Advantages;

/// <summary>Turns the rewards of one prompt's G responses into one advantage per response.</summary>
public interface IAdvantageEstimator
{
    /// <summary>The registry name (<c>grpo</c>, <c>dr-grpo</c>).</summary>
    string Name { get; }

    /// <summary>A_i for each reward r_i of the group, in order.</summary>
    double[] Compute(IReadOnlyList<double> groupRewards);
}
