using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>How responses are drawn from π_θ.</summary>
/// <param name="MaxResponseLength">M: a response that reaches it without EOS is truncated and marked.</param>
/// <param name="Temperature">Softmax temperature (&gt; 0) of the sampling distribution.</param>
/// <param name="TopP">Nucleus threshold in (0, 1]: sample among the most likely tokens whose mass reaches it.</param>
/// <param name="Greedy">Take the most likely token instead of sampling.</param>
public sealed record SamplingSettings(int MaxResponseLength, double Temperature = 1.0, double TopP = 1.0, bool Greedy = false)
{
    /// <summary>The rollout settings of a run: M, temperature and top-p from its options.</summary>
    public static SamplingSettings ForRollouts(RunOptions options) =>
        new(options.Rollout.MaxResponseLength, options.Rollout.Temperature, options.Rollout.TopP);

    public SamplingSettings Validate()
    {
        Guard.Range("maxResponseLength", MaxResponseLength, 1);
        Guard.Positive("temperature", Temperature);
        Guard.AboveAndAtMost("topP", TopP, 0.0, 1.0);
        return this;
    }
}
