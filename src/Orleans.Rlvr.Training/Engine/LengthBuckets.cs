namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Held-out accuracy by response length: the sampled responses of an evaluation fall into four buckets of M,
/// [1, M/8], (M/8, M/4], (M/4, M/2], (M/2, M], and each bucket reports the share of its samples that are correct
/// (<c>length/acc_&lt;lo&gt;-&lt;hi&gt;</c>) and its share of all samples (<c>length/share_&lt;lo&gt;-&lt;hi&gt;</c>), beside the task's
/// own diagnostics. An empty bucket reports no accuracy.
/// </summary>
public static class LengthBuckets
{
    /// <summary>The upper bounds of the buckets for <paramref name="maxResponseLength"/> M (at least 1 each, increasing).</summary>
    public static IReadOnlyList<int> Of(int maxResponseLength) =>
        new[] { maxResponseLength / 8, maxResponseLength / 4, maxResponseLength / 2, maxResponseLength }.Select(b => Math.Max(1, b)).Distinct().ToArray();

    /// <summary>The bucket of a response of <paramref name="length"/> tokens (lengths above M count in the last).</summary>
    public static int IndexOf(IReadOnlyList<int> upperBounds, int length)
    {
        for (var b = 0; b < upperBounds.Count; b++)
        {
            if (length <= upperBounds[b])
            {
                return b;
            }
        }

        return upperBounds.Count - 1;
    }

    /// <summary><paramref name="diagnostics"/> with each bucket's accuracy and share added.</summary>
    public static IReadOnlyDictionary<string, double> Accuracy(IReadOnlyList<int> upperBounds, int[] samples, int[] correct, IReadOnlyDictionary<string, double> diagnostics)
    {
        var result = new Dictionary<string, double>(diagnostics);
        var total = samples.Sum();
        for (var b = 0; b < upperBounds.Count; b++)
        {
            var name = $"{(b == 0 ? 1 : upperBounds[b - 1] + 1)}-{upperBounds[b]}";
            result[$"length/share_{name}"] = total == 0 ? 0 : (double)samples[b] / total;
            if (samples[b] > 0)
            {
                result[$"length/acc_{name}"] = (double)correct[b] / samples[b];
            }
        }

        return result;
    }
}
