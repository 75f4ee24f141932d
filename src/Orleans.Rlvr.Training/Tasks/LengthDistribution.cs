namespace Orleans.Rlvr.Training.Tasks;

/// <summary>Summary of response lengths over many groups: percentiles and the within-group max/min ratio.</summary>
public sealed record LengthDistribution(int Min, int P10, int Median, int P90, int Max, double Mean, double MedianGroupRatio, double MeanGroupRatio)
{
    /// <summary>Summarises groups of response lengths (each group: the G responses to one prompt).</summary>
    public static LengthDistribution Of(IReadOnlyList<IReadOnlyList<int>> groups)
    {
        var all = groups.SelectMany(g => g).Order().ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("No lengths to summarise.", nameof(groups));
        }

        var ratios = groups.Where(g => g.Count > 0).Select(g => (double)g.Max() / Math.Max(1, g.Min())).Order().ToArray();
        int At(double q) => all[(int)Math.Min(all.Length - 1, Math.Floor(q * all.Length))];
        return new LengthDistribution(all[0], At(0.1), At(0.5), At(0.9), all[^1], all.Average(), ratios[ratios.Length / 2], ratios.Average());
    }

    /// <summary>Teacher traces (EOS included) for <paramref name="prompts"/> × <paramref name="groupSize"/>, and the teacher's accuracy.</summary>
    public static (LengthDistribution Lengths, double TeacherAccuracy) OfTeacher(IRlvrTask task, int prompts, int groupSize, int seed)
    {
        var random = new Random(seed);
        var correct = 0;
        var groups = task.Prompts(TaskSplit.Train, 0, prompts).Select(prompt => (IReadOnlyList<int>)Enumerable.Range(0, groupSize).Select(_ =>
        {
            var trace = task.TeacherResponse(prompt, random);
            correct += task.Reward(prompt, trace) >= 1.0 ? 1 : 0;
            return task.Tokenizer.Encode(trace).Length + 1;
        }).ToArray()).ToArray();
        return (Of(groups), (double)correct / (prompts * groupSize));
    }
}
