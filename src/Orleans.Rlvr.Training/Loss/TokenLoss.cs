using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Loss;

/// <summary>The per-token loss and its diagnostics; every tensor is [n, T] and zero in masked slots.</summary>
/// <param name="Values">ℓ_{i,t}.</param>
/// <param name="Clipped">Whether the clipped branch was taken (for <c>actor/pg_clipfrac</c>).</param>
/// <param name="DualClipped">Whether the dual clip capped a negative-advantage token's loss at −A·c (for <c>actor/pg_clipfrac_lower</c>).</param>
/// <param name="ApproxKl">log π_old − log π_θ (for <c>actor/ppo_kl</c>).</param>
/// <param name="ReferenceKl">The KL estimate to the reference policy, when a KL term is used.</param>
public sealed record TokenLoss(Tensor Values, Tensor Clipped, Tensor DualClipped, Tensor ApproxKl, Tensor? ReferenceKl)
{
    internal void MoveToOuterDisposeScope()
    {
        Values.MoveToOuterDisposeScope();
        Clipped.MoveToOuterDisposeScope();
        DualClipped.MoveToOuterDisposeScope();
        ApproxKl.MoveToOuterDisposeScope();
        ReferenceKl?.MoveToOuterDisposeScope();
    }
}
