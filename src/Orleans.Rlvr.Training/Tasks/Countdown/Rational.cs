namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>An exact fraction p/q in lowest terms with q &gt; 0; arithmetic is checked (overflow throws).</summary>
public readonly record struct Rational
{
    public Rational(long numerator, long denominator)
    {
        if (denominator == 0)
        {
            throw new DivideByZeroException();
        }

        var sign = denominator < 0 ? -1 : 1;
        var gcd = Gcd(Math.Abs(numerator), Math.Abs(denominator));
        Numerator = checked(sign * numerator / gcd);
        Denominator = checked(sign * denominator / gcd);
    }

    public long Numerator { get; }

    public long Denominator { get; }

    public static Rational operator +(Rational a, Rational b) =>
        new(checked(a.Numerator * b.Denominator + b.Numerator * a.Denominator), checked(a.Denominator * b.Denominator));

    public static Rational operator -(Rational a, Rational b) =>
        new(checked(a.Numerator * b.Denominator - b.Numerator * a.Denominator), checked(a.Denominator * b.Denominator));

    public static Rational operator *(Rational a, Rational b) =>
        new(checked(a.Numerator * b.Numerator), checked(a.Denominator * b.Denominator));

    /// <summary>a / b, or null when b is zero.</summary>
    public Rational? DivideBy(Rational b) =>
        b.Numerator == 0 ? null : new Rational(checked(Numerator * b.Denominator), checked(Denominator * b.Numerator));

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a == 0 ? 1 : a;
    }
}
