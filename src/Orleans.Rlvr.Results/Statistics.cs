namespace Orleans.Rlvr.Results;

/// <summary>Mean and sample standard deviation (n − 1; NaN for fewer than two values), ignoring NaN inputs.</summary>
public static class Statistics
{
    /// <summary>The mean of the finite values; NaN when there are none.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? double.NaN : finite.Average();
    }

    /// <summary>The sample standard deviation (n − 1) of the finite values; NaN for fewer than two.</summary>
    public static double SampleStd(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return double.NaN;
        }

        var mean = finite.Average();
        return Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
    }
}
