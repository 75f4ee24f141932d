using System.Globalization;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>Parses <c>--alpha A[,A...]</c>: each α a number in [0, 1].</summary>
public static class AlphaList
{
    public static IReadOnlyList<double> Parse(string text)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha))
            {
                throw new UsageException($"--alpha: '{part}' is not a number; give values in [0, 1], e.g. --alpha 0.5,0.75,1.");
            }

            if (!(alpha >= 0 && alpha <= 1))
            {
                throw new UsageException($"--alpha: {part} is outside the allowed range [0, 1].");
            }

            values.Add(alpha);
        }

        return values;
    }
}
