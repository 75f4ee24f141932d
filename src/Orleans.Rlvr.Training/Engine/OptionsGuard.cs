namespace Orleans.Rlvr.Training.Engine;

/// <summary>Range checks that name the field (as the user writes it) and its allowed range.</summary>
internal static class OptionsGuard
{
    public static void Range(string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be in [{min}, {max}] (got {value}).");
        }
    }

    public static void Range(string field, int value, int min, int max = int.MaxValue)
    {
        if (value < min || value > max)
        {
            var range = max == int.MaxValue ? $"≥ {min}" : $"in [{min}, {max}]";
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be {range} (got {value}).");
        }
    }

    public static void Positive(string field, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be a finite number > 0 (got {value}).");
        }
    }
}
