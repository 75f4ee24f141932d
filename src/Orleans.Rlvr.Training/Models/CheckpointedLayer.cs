using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// Gradient checkpointing of one decoder layer as a custom autograd function: the forward pass runs the layer without
/// recording a graph and keeps only its input; the backward pass runs it again with a graph and back-propagates the
/// incoming gradient through it, which accumulates the layer's parameter gradients and yields the input's gradient.
/// </summary>
internal sealed class CheckpointedLayer : autograd.SingleTensorFunction<CheckpointedLayer>
{
    public override string Name => nameof(CheckpointedLayer);

    /// <param name="ctx">The autograd context.</param>
    /// <param name="vars">x [B, t, D], the decoder, the layer index, mask, cos, sin.</param>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, decoder, layer, mask, cos, sin) = ((Tensor)vars[0], (HfDecoder)vars[1], (int)vars[2], (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5]);
        ctx.save_for_backward([x, mask, cos, sin]);
        ctx.save_data("decoder", decoder);
        ctx.save_data("layer", layer);
        using var noGrad = no_grad();
        return decoder.Layer(x, layer, mask, cos, sin, cache: null);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        // LibTorch may run this on its own thread (CUDA), outside any TorchSharp scope: everything made here is
        // disposed here but the input's gradient.
        using var scope = NewDisposeScope();
        var saved = ctx.get_saved_variables();
        var decoder = (HfDecoder)ctx.get_data("decoder");
        var layer = (int)ctx.get_data("layer");
        var input = saved[0].detach().requires_grad_(true);
        using (enable_grad())
        {
            var output = decoder.Layer(input, layer, saved[1], saved[2], saved[3], cache: null);
            output.backward([gradOutput]);
        }

        decoder.Recomputations++;
        return [input.grad!.detach().clone().MoveToOuterDisposeScope(), null!, null!, null!, null!, null!];
    }
}
