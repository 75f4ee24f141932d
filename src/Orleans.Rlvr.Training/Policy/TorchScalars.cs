using TorchSharp;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// Native scalars that live as long as the process. TorchSharp turns a .NET number (and the implicit alpha of
/// <c>a + b</c>) into a temporary <see cref="Scalar"/> whose finalizer a garbage collection on another thread can run
/// while the native call still reads it, failing the call (docs/reliability.md). The hot paths — every forward pass and
/// every sampled token — pass these, or a <c>using</c> local that stays reachable until the call returns.
/// </summary>
public static class TorchScalars
{
    /// <summary>1: the alpha of a plain tensor addition.</summary>
    public static readonly Scalar One = 1;

    /// <summary>0.</summary>
    public static readonly Scalar Zero = 0;
}
