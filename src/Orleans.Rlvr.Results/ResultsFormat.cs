using System.Globalization;

namespace Orleans.Rlvr.Results;

/// <summary>How results print their numbers, in Markdown and in the CLI's tables alike: invariant culture, "-" for NaN and ±∞.</summary>
public static class ResultsFormat
{
    /// <summary>A number in the given format, or "-" when it is not finite.</summary>
    public static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}
