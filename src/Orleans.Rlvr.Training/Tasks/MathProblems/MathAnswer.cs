using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Training.Tasks.MathProblems;

/// <summary>
/// Final answers of math responses: the content of the last <c>\boxed{...}</c> (braces matched), a dataset answer's
/// reference value (after GSM8K's <c>####</c>, or its last box, or the whole field), and equivalence: numerically within
/// 1e-6 relative when both sides parse as numbers (integers, decimals, thousands separators, <c>a/b</c>,
/// <c>\frac{a}{b}</c>, a leading sign or currency sign, a trailing <c>%</c>; a number followed by a unit in
/// <c>\text{}</c> counts as the number), else as equal normalised strings (<c>\text{x}</c> read as x).
/// </summary>
public static partial class MathAnswer
{
    /// <summary>The content of the last <c>\boxed{...}</c> in <paramref name="text"/>, or null when there is none (or it is unclosed).</summary>
    public static string? LastBoxed(string text)
    {
        var start = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var depth = 0;
        for (var i = start + @"\boxed".Length; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(start + @"\boxed{".Length)..i];
            }
        }

        return null;
    }

    /// <summary>The reference answer in a dataset's answer field.</summary>
    public static string Reference(string answerField)
    {
        var hashes = answerField.LastIndexOf("####", StringComparison.Ordinal);
        return hashes >= 0 ? answerField[(hashes + 4)..].Trim() : LastBoxed(answerField)?.Trim() ?? answerField.Trim();
    }

    /// <summary>True when <paramref name="given"/> states the same answer as <paramref name="reference"/>.</summary>
    public static bool Equivalent(string given, string reference)
    {
        var (a, b) = (Normalize(given), Normalize(reference));
        if ((TryNumber(a, out var x) || TryNumber(Normalize(Text().Replace(given, "")), out x)) && TryNumber(b, out var y))
        {
            return Math.Abs(x - y) <= 1e-6 * Math.Max(1.0, Math.Abs(y));
        }

        return a.Length > 0 && string.Equals(a, b, StringComparison.Ordinal);
    }

    private static string Normalize(string answer)
    {
        var text = Text().Replace(answer, "$1");
        text = text.Replace(@"\left", "", StringComparison.Ordinal).Replace(@"\right", "", StringComparison.Ordinal)
            .Replace(@"\dfrac", @"\frac", StringComparison.Ordinal).Replace(@"\tfrac", @"\frac", StringComparison.Ordinal)
            .Replace(@"\!", "", StringComparison.Ordinal).Replace(@"\,", "", StringComparison.Ordinal).Replace(@"\$", "", StringComparison.Ordinal)
            .Replace("$", "", StringComparison.Ordinal).Replace(@"\%", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal);
        text = Whitespace().Replace(text, "");
        text = ThousandsSeparator().Replace(text, "");
        return text.TrimEnd('.');
    }

    private static bool TryNumber(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var fraction = Fraction().Match(text);
        if (fraction.Success
            && double.TryParse(fraction.Groups["n"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(fraction.Groups["d"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d != 0)
        {
            value = (fraction.Groups["sign"].Value == "-" ? -1 : 1) * n / d;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"\\(?:text|mathrm|textbf)\{([^{}]*)\}")]
    private static partial Regex Text();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}(?!\d))")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"^(?<sign>-?)(?:\\frac\{(?<n>-?[\d.]+)\}\{(?<d>[\d.]+)\}|(?<n>-?[\d.]+)/(?<d>[\d.]+))$")]
    private static partial Regex Fraction();
}
