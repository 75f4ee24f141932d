using Orleans.Rlvr.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// Batched autoregressive sampling with a KV cache: the prompts (left-padded) are run once, then one position per
/// step, rows that have finished compacted out of the batch and the cache as they accumulate. Records log π_θ of each sampled token under the raw policy (temperature 1, no top-p), which is what
/// PPO's ratio needs as log π_old. Rows stop at EOS (EOS counts as a response token); a row that reaches M
/// without EOS is marked truncated.
/// </summary>
public static class PolicySampler
{
    public static IReadOnlyList<ResponseSample> Sample(
        CausalPolicy policy,
        IReadOnlyList<int[]> prompts,
        SamplingSettings settings,
        int eosId,
        int padId,
        Generator? generator = null) =>
        Sample(policy, prompts, settings, [eosId], padId, [new RowBlock(prompts.Count, generator)]);

    /// <summary>Samples with one generator per block of consecutive rows (see the overload with stop ids); EOS alone ends a row.</summary>
    public static IReadOnlyList<ResponseSample> Sample(
        CausalPolicy policy,
        IReadOnlyList<int[]> prompts,
        SamplingSettings settings,
        int eosId,
        int padId,
        IReadOnlyList<RowBlock> blocks) =>
        Sample(policy, prompts, settings, [eosId], padId, blocks);

    /// <summary>
    /// Samples with one generator per block of consecutive rows: each block draws its tokens from its own generator
    /// exactly as it would if it were sampled alone, so batching several requests together keeps each one's draws.
    /// A row ends at the first of <paramref name="stopIds"/> it samples (EOS, and a chat model's end-of-turn token),
    /// which counts as a response token.
    /// </summary>
    public static IReadOnlyList<ResponseSample> Sample(
        CausalPolicy policy,
        IReadOnlyList<int[]> prompts,
        SamplingSettings settings,
        IReadOnlyList<int> stopIds,
        int padId,
        IReadOnlyList<RowBlock> blocks)
    {
        if (stopIds.Count == 0)
        {
            throw new ArgumentException("stopIds: at least one id (EOS) must end a response.", nameof(stopIds));
        }

        settings.Validate();
        if (blocks.Sum(b => b.Rows) != prompts.Count || blocks.Any(b => b.Rows < 1))
        {
            throw new ArgumentException($"blocks: the row blocks ({string.Join(", ", blocks.Select(b => b.Rows))}) must be positive and cover the {prompts.Count} rows.", nameof(blocks));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(prompts.Count, 1, nameof(prompts));
        var n = prompts.Count;
        var promptWidth = prompts.Max(p => p.Length);
        var m = settings.MaxResponseLength;
        var capacity = promptWidth + m;
        if (capacity > policy.ContextLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings), capacity, $"prompt ({promptWidth}) + maxResponseLength ({m}) exceeds policy.contextLength ({policy.ContextLength}).");
        }

        var device = policy.Device();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var promptTokens = LeftPadded(prompts, promptWidth, padId, device);                   // [n, P]
        var valid = zeros([n, capacity], ScalarType.Bool, device);                             // [n, P + M]
        // Real prompt tokens by length, not by id: a chat prompt may contain the pad id (Llama 3 pads with <|eot_id|>).
        var starts = tensor(prompts.Select(p => (long)(promptWidth - p.Length)).ToArray(), device: device).unsqueeze(1);
        valid.narrow(1, 0, promptWidth).copy_(arange(promptWidth, ScalarType.Int64, device).unsqueeze(0).ge(starts));
        var promptLengths = valid.narrow(1, 0, promptWidth).sum(1);                            // [n]

        using var cache = policy.NewCache(n, capacity);
        var validPrompt = valid.narrow(1, 0, promptWidth);
        var logits = policy.Forward(promptTokens, AttentionMasks.Positions(validPrompt), AttentionMasks.Causal(validPrompt), cache)
            .select(1, promptWidth - 1);                                                       // [n, V]

        // The rows still decoding: their index into the n rows and their block. Finished rows ride along (drawing
        // nothing) until they are a quarter of the batch, then they are compacted out of it and out of the cache. When
        // that happens is a function of the batch alone, and a silo samples a run's round whole, in prompt order (the
        // batch `rlvr train` samples), so a sweep run still matches `rlvr train` bit for bit (TrainAndSweepEqualityTests).
        var live = arange(n, ScalarType.Int64, device);                                        // [r]
        var blockOf = blocks.SelectMany((b, i) => Enumerable.Repeat(i, b.Rows)).ToArray();     // r entries
        var finishedRows = new bool[n];
        var tokens = full([n, m], padId, ScalarType.Int64, device);                            // [n, M]
        var logProbs = zeros([n, m], ScalarType.Float32, device);                              // [n, M]
        var finished = zeros([n], ScalarType.Bool, device);                                    // [r]
        var pad = full([n], padId, ScalarType.Int64, device);
        var steps = 0;
        using Scalar lastToken = policy.VocabSize - 1;                                         // kept alive: TorchScalars
        for (var s = 0; s < m; s++)
        {
            using var stepScope = NewDisposeScope();
            var policyLogProbs = logits.to_type(ScalarType.Float32).log_softmax(-1);          // [r, V]
            var next = where(finished, pad.narrow(0, 0, blockOf.Length), Choose(logits, settings, blocks, blockOf, finishedRows)); // [r]
            var chosen = policyLogProbs.gather(1, next.clamp_max(lastToken).unsqueeze(1)).squeeze(1);
            tokens.select(1, s).index_copy_(0, live, next);
            logProbs.select(1, s).index_copy_(0, live, where(finished, zeros_like(chosen), chosen));
            valid.select(1, promptWidth + s).copy_(finished.logical_not());
            foreach (var stop in stopIds)
            {
                finished.logical_or_(next.eq(stop));
            }

            finishedRows = finished.cpu().data<bool>().ToArray();
            steps = s + 1;
            var done = finishedRows.Count(f => f);
            if (s == m - 1 || done == finishedRows.Length)
            {
                break;
            }

            if (4 * done >= finishedRows.Length)
            {
                var keep = tensor(Enumerable.Range(0, finishedRows.Length).Where(i => !finishedRows[i]).Select(i => (long)i).ToArray(), device: device);
                cache.Keep(keep);
                live = Keep(live, keep);
                valid = Keep(valid, keep);
                promptLengths = Keep(promptLengths, keep);
                finished = Keep(finished, keep);
                next = next.index_select(0, keep);
                blockOf = blockOf.Where((_, i) => !finishedRows[i]).ToArray();
                finishedRows = new bool[blockOf.Length];
            }

            var stepLogits = policy.Forward(
                next.unsqueeze(1),
                (promptLengths + s).unsqueeze(1),
                AttentionMasks.Step(valid.narrow(1, 0, promptWidth + s + 1)),
                cache);
            logits = stepLogits.select(1, 0).MoveToOuterDisposeScope();
        }

        return ToSamples(tokens.narrow(1, 0, steps).cpu(), logProbs.narrow(1, 0, steps).cpu(), stopIds);
    }

    /// <summary>The selected rows of a tensor that outlives the step, in the sampler's scope.</summary>
    private static Tensor Keep(Tensor tensor, Tensor rows) => tensor.index_select(0, rows).MoveToOuterDisposeScope();

    /// <summary>Left-pads token rows to a common width: [n, width].</summary>
    public static Tensor LeftPadded(IReadOnlyList<int[]> rows, int width, int padId, Device device)
    {
        var data = new long[rows.Count * width];
        Array.Fill(data, padId);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            for (var t = 0; t < row.Length; t++)
            {
                data[i * width + width - row.Length + t] = row[t];
            }
        }

        return tensor(data, [rows.Count, width], ScalarType.Int64).to(device);
    }

    private static Tensor Choose(Tensor logits, SamplingSettings settings, IReadOnlyList<RowBlock> blocks, int[] blockOf, bool[] finished)
    {
        if (settings.Greedy)
        {
            return logits.argmax(-1);
        }

        using Scalar temperature = settings.Temperature;                                        // kept alive: TorchScalars
        var probabilities = logits.to_type(ScalarType.Float32).div(temperature).softmax(-1);   // [n, V]
        if (settings.TopP >= 1.0)
        {
            return Draw(probabilities, blocks, blockOf, finished);
        }

        using Scalar topP = settings.TopP;
        var (sorted, order) = probabilities.sort(-1, descending: true);
        var before = sorted.cumsum(-1) - sorted;                     // mass of the more likely tokens
        var kept = where(before.lt(topP), sorted, zeros_like(sorted));
        var pick = Draw(kept, blocks, blockOf, finished);            // index into the sorted order, [n]
        return order.gather(1, pick.unsqueeze(1)).squeeze(1);
    }

    /// <summary>
    /// One draw per row from its weights by inverting the cumulative distribution, all rows in one op: [n]. Each
    /// unfinished row's uniform comes from its block's generator, in row order, so a block consumes exactly one number
    /// per unfinished row per step — what it would consume sampled alone, whatever else is in the batch.
    /// </summary>
    private static Tensor Draw(Tensor weights, IReadOnlyList<RowBlock> blocks, int[] blockOf, bool[] finished)
    {
        var uniforms = new float[blockOf.Length];
        var live = new int[blocks.Count];
        foreach (var (block, row) in blockOf.Select((b, i) => (b, i)))
        {
            live[block] += finished[row] ? 0 : 1;
        }

        var drawn = blocks.Select((b, i) => live[i] == 0 ? null : rand([live[i]], generator: b.Generator).data<float>().ToArray()).ToArray();
        var used = new int[blocks.Count];
        for (var row = 0; row < blockOf.Length; row++)
        {
            if (!finished[row])
            {
                var block = blockOf[row];
                uniforms[row] = drawn[block]![used[block]++];
            }
        }

        var cdf = weights.cumsum(-1);                                                           // [n, V]
        var targets = tensor(uniforms, device: weights.device).unsqueeze(1) * cdf.narrow(1, cdf.shape[1] - 1, 1);
        using Scalar lastIndex = weights.shape[1] - 1;                                          // kept alive: TorchScalars
        return searchsorted(cdf, targets, right: true).squeeze(1).clamp_max(lastIndex);
    }

    private static IReadOnlyList<ResponseSample> ToSamples(Tensor tokens, Tensor logProbs, IReadOnlyList<int> stopIds)
    {
        var (n, width) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        var allTokens = tokens.data<long>().ToArray();
        var allLogProbs = logProbs.data<float>().ToArray();
        var samples = new ResponseSample[n];
        for (var i = 0; i < n; i++)
        {
            var row = allTokens.AsSpan(i * width, width);
            var eos = row.IndexOfAny(stopIds.Select(id => (long)id).ToArray());
            var length = eos >= 0 ? eos + 1 : width;
            samples[i] = new ResponseSample(
                row[..length].ToArray().Select(t => (int)t).ToArray(),
                allLogProbs.AsSpan(i * width, length).ToArray(),
                Truncated: eos < 0);
        }

        return samples;
    }
}
