using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// Adaptive ΔL exponent: α = clamp(β̂, 0, 1), β̂ the least-squares slope of log ‖g_i − ḡ‖² on log L_i over a window of
/// recently probed responses (Var(g_i) ∝ L_i^β ⇒ the minimum-variance unbiased weights are x_i ∝ L_i^-β). α = 1 until the
/// first fit succeeds; a fit that fails for lack of data keeps the previous α.
/// </summary>
public sealed class AdaptiveAlpha
{
    /// <summary>The probed responses a fit uses by default: the most recent ones.</summary>
    public const int DefaultWindow = 256;

    /// <summary>Bootstrap resamples per fit; the interval is not used online, the fit needs at least one.</summary>
    private const int Resamples = 4;

    private readonly Queue<LengthDeviation> _window = new();

    public AdaptiveAlpha(int window = DefaultWindow)
    {
        if (window < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "window must hold at least 3 responses.");
        }

        Window = window;
    }

    /// <summary>The most probed responses kept for the fit.</summary>
    public int Window { get; }

    /// <summary>The α the next weights use, in [0, 1].</summary>
    public double Alpha { get; private set; } = 1.0;

    /// <summary>β̂ of the last successful fit; null before the first.</summary>
    public double? Beta { get; private set; }

    /// <summary>Adds one probe's (L_i, ‖g_i − ḡ‖²) pairs to the window and refits; returns β̂, or null when the window cannot be fitted yet.</summary>
    public double? Observe(IReadOnlyList<int> lengths, IReadOnlyList<double> squaredDeviations, int seed)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentNullException.ThrowIfNull(squaredDeviations);
        if (lengths.Count != squaredDeviations.Count)
        {
            throw new ArgumentException($"squaredDeviations: {squaredDeviations.Count} values for {lengths.Count} lengths.", nameof(squaredDeviations));
        }

        for (var i = 0; i < lengths.Count; i++)
        {
            if (lengths[i] >= 1 && squaredDeviations[i] > 0 && double.IsFinite(squaredDeviations[i]))
            {
                _window.Enqueue(new LengthDeviation(lengths[i], squaredDeviations[i]));
            }
        }

        while (_window.Count > Window)
        {
            _window.Dequeue();
        }

        double beta;
        try
        {
            var points = _window.ToArray();
            beta = VarianceExponentFit.Fit(points.Select(p => p.Length).ToArray(), points.Select(p => p.SquaredDeviation).ToArray(), Resamples, 0.9, seed).Beta;
        }
        catch (InvalidOperationException)
        {
            return null;   // too few responses or a single length: keep the previous α
        }

        if (!double.IsFinite(beta))
        {
            return null;
        }

        Beta = beta;
        Alpha = Math.Clamp(beta, 0.0, 1.0);
        return beta;
    }

    /// <summary>What a checkpoint must hold to continue the estimate bit-identically.</summary>
    public AdaptiveAlphaState State => new() { Alpha = Alpha, Beta = Beta, Window = _window.ToArray() };

    /// <summary>Continues from a checkpoint's <see cref="State"/>.</summary>
    public void Restore(AdaptiveAlphaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!(state.Alpha >= 0.0 && state.Alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.Alpha, "a stored adaptive alpha must be in [0, 1].");
        }

        Alpha = state.Alpha;
        Beta = state.Beta;
        _window.Clear();
        foreach (var point in state.Window.TakeLast(Window))
        {
            _window.Enqueue(point);
        }
    }
}

/// <summary>The adaptive α estimate as saved in a checkpoint.</summary>
public sealed record AdaptiveAlphaState : AggregationState
{
    /// <summary>The α in use.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>β̂ of the last successful fit; null before the first.</summary>
    public double? Beta { get; init; }

    /// <summary>The probed responses of the window, oldest first.</summary>
    public IReadOnlyList<LengthDeviation> Window { get; init; } = [];
}

/// <summary>One probed response: L_i and ‖g_i − ḡ‖².</summary>
public sealed record LengthDeviation(int Length, double SquaredDeviation);
