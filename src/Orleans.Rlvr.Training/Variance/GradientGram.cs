using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Γ_rs = ⟨g_r, g_s⟩ over a pool's non-zero gradients, in double precision. Every statistic of the study is a quadratic
/// form in Γ (‖Σ_i x_i g_i‖² = xᵀΓx), so a batch costs O(nnz²) instead of O(nnz·D).
/// </summary>
public sealed class GradientGram
{
    /// <summary>Elements of the gradient matrix widened to float64 at a time (64 MiB).</summary>
    public const int DefaultBlockElements = 1 << 23;

    private readonly double[] _values;

    private GradientGram(int size, double[] values)
    {
        Size = size;
        _values = values;
    }

    /// <summary>m: the rows (non-zero gradients).</summary>
    public int Size { get; }

    /// <summary>Γ_rs.</summary>
    public double this[int r, int s] => _values[r * Size + s];

    /// <summary>
    /// Computes Γ for the pool's non-zero gradients as Σ_c X_c X_cᵀ over column blocks X_c of the [m, D] gradient matrix,
    /// each block copied and widened to float64 once (about <paramref name="blockElements"/> elements at a time, so memory
    /// stays bounded).
    /// </summary>
    public static GradientGram Compute(GradientPool pool, int blockElements = DefaultBlockElements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockElements, 1);
        var rows = pool.NonZero.Select(s => s.Gradient!).ToArray();
        var m = rows.Length;
        if (m == 0)
        {
            return new GradientGram(0, []);
        }

        var dimension = pool.Dimension;
        var width = Math.Clamp(blockElements / m, 1, dimension);
        var buffer = new float[m * width];
        using var scope = NewDisposeScope();
        var gram = zeros([m, m], ScalarType.Float64);                                           // [m, m]
        for (var start = 0; start < dimension; start += width)
        {
            using var blockScope = NewDisposeScope();
            var count = Math.Min(width, dimension - start);
            for (var r = 0; r < m; r++)
            {
                Array.Copy(rows[r], start, buffer, r * width, count);
            }

            var block = tensor(buffer, [m, width]).narrow(1, 0, count).to_type(ScalarType.Float64);   // [m, count]
            gram.add_(block.mm(block.t()));
        }

        return new GradientGram(m, gram.data<double>().ToArray());
    }

    /// <summary>‖g_r − ḡ‖² for every row, ḡ the mean of the rows: Γ_rr − 2(Γ1)_r/m + 1ᵀΓ1/m².</summary>
    public double[] SquaredDeviations()
    {
        var rowSums = new double[Size];
        for (var r = 0; r < Size; r++)
        {
            for (var s = 0; s < Size; s++)
            {
                rowSums[r] += _values[r * Size + s];
            }
        }

        var total = rowSums.Sum();
        var m = (double)Size;
        return Enumerable.Range(0, Size).Select(r => _values[r * Size + r] - 2 * rowSums[r] / m + total / (m * m)).ToArray();
    }

    /// <summary>uᵀΓv for dense weight vectors over the rows.</summary>
    public double Quadratic(double[] u, double[] v)
    {
        var sum = 0.0;
        for (var r = 0; r < Size; r++)
        {
            if (u[r] == 0)
            {
                continue;
            }

            var row = 0.0;
            for (var s = 0; s < Size; s++)
            {
                row += _values[r * Size + s] * v[s];
            }

            sum += u[r] * row;
        }

        return sum;
    }
}
