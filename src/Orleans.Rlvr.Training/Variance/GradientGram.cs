using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Γ_rs = ⟨g_r, g_s⟩ over a pool's non-zero gradients, in double precision. Every statistic of the study is a quadratic
/// form in Γ (‖Σ_i x_i g_i‖² = xᵀΓx), so a batch costs O(nnz²) instead of O(nnz·D).
/// </summary>
public sealed class GradientGram
{
    private const int BlockRows = 128;
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

    /// <summary>Computes Γ for the pool's non-zero gradients, block by block (float64 matrix products of 128-row blocks).</summary>
    public static GradientGram Compute(GradientPool pool)
    {
        var rows = pool.NonZero.Select(s => s.Gradient!).ToArray();
        var m = rows.Length;
        var values = new double[m * m];
        if (m == 0)
        {
            return new GradientGram(0, values);
        }

        using var scope = NewDisposeScope();
        var blocks = new List<Tensor>();
        for (var start = 0; start < m; start += BlockRows)
        {
            var count = Math.Min(BlockRows, m - start);
            var flat = new float[count * pool.Dimension];
            for (var r = 0; r < count; r++)
            {
                rows[start + r].CopyTo(flat, r * pool.Dimension);
            }

            blocks.Add(tensor(flat, [count, pool.Dimension]));                              // [rows, D] float32
        }

        for (var a = 0; a < blocks.Count; a++)
        {
            using var left = blocks[a].to_type(ScalarType.Float64);
            for (var b = 0; b <= a; b++)
            {
                using var right = blocks[b].to_type(ScalarType.Float64);
                using var product = left.mm(right.t());                                     // [rows_a, rows_b]
                var block = product.data<double>().ToArray();
                var (rowsA, rowsB) = ((int)blocks[a].shape[0], (int)blocks[b].shape[0]);
                for (var i = 0; i < rowsA; i++)
                {
                    for (var j = 0; j < rowsB; j++)
                    {
                        var (r, s) = (a * BlockRows + i, b * BlockRows + j);
                        values[r * m + s] = block[i * rowsB + j];
                        values[s * m + r] = block[i * rowsB + j];
                    }
                }
            }
        }

        return new GradientGram(m, values);
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
