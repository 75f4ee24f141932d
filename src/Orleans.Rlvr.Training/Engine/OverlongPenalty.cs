namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// DAPO's soft overlong punishment: 0 for L ≤ M − buffer, −p·(L − (M − buffer))/buffer for M − buffer &lt; L ≤ M,
/// and −p for a response truncated at M (no EOS).
/// </summary>
public static class OverlongPenalty
{
    public static double Of(int length, bool truncated, int maxResponseLength, int buffer, double penalty)
    {
        if (truncated)
        {
            return -penalty;
        }

        var start = maxResponseLength - buffer;
        return length <= start ? 0.0 : -penalty * (length - start) / buffer;
    }
}
