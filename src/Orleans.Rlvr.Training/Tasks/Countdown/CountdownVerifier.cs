namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// The verifier: the answer is the expression after the last '#'. Reward 1 when it parses (integers, + − × ÷,
/// parentheses), uses each given number exactly once and equals the target in exact rational arithmetic; else
/// <c>formatReward</c> when it parses and uses the numbers, else 0. With <c>verifyTrace</c>, a right answer also needs
/// a trace whose found attempt shows the target with right arithmetic (<see cref="CountdownTrace.ShowsTarget"/>).
/// Never throws.
/// </summary>
public sealed class CountdownVerifier(double formatReward = 0.0, bool verifyTrace = false)
{
    public const char AnswerMarker = '#';

    public double Reward(IReadOnlyList<int> numbers, int target, string response)
    {
        var marker = response.LastIndexOf(AnswerMarker);
        if (marker < 0)
        {
            return 0.0;
        }

        var parser = new Parser(response[(marker + 1)..]);
        if (parser.TryParse() is not { } value)
        {
            return 0.0;
        }

        var used = parser.Numbers.Order().ToArray();
        if (!used.SequenceEqual(numbers.Order()))
        {
            return 0.0;
        }

        var right = value.Equals(new Rational(target, 1)) && (!verifyTrace || CountdownTrace.Parse(response).ShowsTarget(target));
        return right ? 1.0 : formatReward;
    }

    /// <summary>Recursive descent: expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*; factor := int | '(' expr ')'.</summary>
    private sealed class Parser(string text)
    {
        private const int MaxDepth = 32;
        private int _position;
        private int _depth;

        public List<int> Numbers { get; } = [];

        public Rational? TryParse()
        {
            try
            {
                var value = Expression();
                return value is not null && _position == text.Length ? value : null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        private Rational? Expression()
        {
            var left = Term();
            while (left is not null && Peek() is '+' or '-')
            {
                var op = text[_position++];
                var right = Term();
                left = right is null ? null : op == '+' ? left.Value + right.Value : left.Value - right.Value;
            }

            return left;
        }

        private Rational? Term()
        {
            var left = Factor();
            while (left is not null && Peek() is '*' or '/')
            {
                var op = text[_position++];
                var right = Factor();
                left = right is null ? null : op == '*' ? left.Value * right.Value : left.Value.DivideBy(right.Value);
            }

            return left;
        }

        private Rational? Factor()
        {
            if (Peek() == '(')
            {
                if (++_depth > MaxDepth)
                {
                    return null;
                }

                _position++;
                var inner = Expression();
                if (inner is null || Peek() != ')')
                {
                    return null;
                }

                _position++;
                _depth--;
                return inner;
            }

            var start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]) && _position - start < 9)
            {
                _position++;
            }

            if (_position == start || (_position < text.Length && char.IsAsciiDigit(text[_position])))
            {
                return null;
            }

            var number = int.Parse(text.AsSpan(start, _position - start), System.Globalization.CultureInfo.InvariantCulture);
            Numbers.Add(number);
            return new Rational(number, 1);
        }

        private char? Peek() => _position < text.Length ? text[_position] : null;
    }
}
