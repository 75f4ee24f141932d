using System.Diagnostics;
using System.Globalization;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `profile [threads]`: where one decode step and one learner micro-batch spend their time, on the perf-report
/// workload's shapes (width 128, depth 4, 4 heads, vocabulary 27, 128 rows, prompt 12, M = 160). Each row times one
/// piece alone on tensors of the real shapes (median of many calls; CPU ops are synchronous), next to the whole.
/// </summary>
public static class ProfileReport
{
    private const int Width = 128;
    private const int Heads = 4;
    private const int Depth = 4;
    private const int Rows = BenchmarkWorkload.Rows;
    private const int Keys = BenchmarkWorkload.PromptLength + BenchmarkWorkload.ResponseLength / 2;   // a mid-response decode step

    public static int Run(string[] args)
    {
        if (args.Length > 1)
        {
            set_num_threads(int.Parse(args[1], CultureInfo.InvariantCulture));
        }

        var a = randn(1024, 1024);
        var matmulMs = Time(() => matmul(a, a));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LibTorch threads: {get_num_threads()}; dense matmul 1024^3 fp32: {2.0 * Math.Pow(1024, 3) / (matmulMs / 1e3) / 1e9:F1} GFLOP/s"));
        if (args.Length > 2 && args[2] == "matmul")
        {
            return 0;
        }

        if (args.Length > 2 && args[2] == "learner")
        {
            return LearnerAttention();
        }

        if (args.Length > 2 && args[2] == "warm-start")
        {
            return WarmStartPieces(args.Skip(3).ToArray());
        }

        Console.WriteLine($"medians; one decode step at {Keys} keys, 128 rows");
        using var noGrad = no_grad();
        var x = randn(Rows, 1, Width);
        var ln = nn.LayerNorm(Width);
        var qkv = nn.Linear(Width, 3 * Width);
        var proj = nn.Linear(Width, Width);
        var fc = nn.Linear(Width, 4 * Width);
        var fcOut = nn.Linear(4 * Width, Width);
        var head = nn.Linear(Width, BenchmarkWorkload.Vocab, hasBias: false);
        var k = randn(Rows, Heads, Keys, Width / Heads);
        var cacheK = zeros(Rows, Heads, BenchmarkWorkload.PromptLength + BenchmarkWorkload.ResponseLength, Width / Heads);
        var q = randn(Rows, Heads, 1, Width / Heads);
        var q3 = randn(Rows * Heads, 1, Width / Heads);
        var cache3 = zeros(Rows * Heads, BenchmarkWorkload.PromptLength + BenchmarkWorkload.ResponseLength, Width / Heads);
        var mask = ones(Rows, 1, 1, Keys, dtype: ScalarType.Bool);
        var logits = randn(Rows, BenchmarkWorkload.Vocab);
        var generator = new Generator(1);

        var rows = new List<(string Name, double Ms, int PerStep)>
        {
            ("layer norm [128,1,128]", Time(() => ln.forward(x)), 2 * Depth + 1),
            ("qkv linear 128->384", Time(() => qkv.forward(x)), Depth),
            ("qkv view/permute + split", Time(() => { var p = qkv.forward(x).view(Rows, 1, 3, Heads, Width / Heads).permute(2, 0, 3, 1, 4); _ = (p[0], p[1], p[2]); }), Depth),
            ("cache write (k and v)", Time(() => { cacheK.narrow(2, Keys - 1, 1).copy_(q); cacheK.narrow(2, Keys - 1, 1).copy_(q); }), Depth),
            ("sdpa with bool mask, 92 keys", Time(() => nn.functional.scaled_dot_product_attention(q, k, k, mask)), Depth),
            ("sdpa without mask, 92 keys", Time(() => nn.functional.scaled_dot_product_attention(q, k, k)), 0),
            ("sdpa on the strided cache view", Time(() => nn.functional.scaled_dot_product_attention(q, cacheK.narrow(2, 0, Keys), cacheK.narrow(2, 0, Keys), mask)), 0),
            ("matmul attention (q·kT, masked softmax, ·v)", Time(() =>
            {
                var scores = matmul(q, k.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(Width / Heads));   // [128, 4, 1, 92]
                _ = matmul(scores.masked_fill_(mask.logical_not(), float.NegativeInfinity).softmax(-1), k);
            }), 0),
            ("matmul attention on the strided cache view", Time(() =>
            {
                var keys = cacheK.narrow(2, 0, Keys);
                var scores = matmul(q, keys.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(Width / Heads));
                _ = matmul(scores.masked_fill_(mask.logical_not(), float.NegativeInfinity).softmax(-1), keys);
            }), 0),
            ("elementwise attention on the strided cache view", Time(() =>
            {
                var keys = cacheK.narrow(2, 0, Keys);                                                  // [128, 4, 92, 32]
                var scores = (keys * q).sum(-1).mul_(1.0 / Math.Sqrt(Width / Heads));                  // [128, 4, 92]
                var weights = scores.masked_fill_(mask.squeeze(1).logical_not(), float.NegativeInfinity).softmax(-1);
                _ = (weights.unsqueeze(-1) * keys).sum(-2);                                            // [128, 4, 32]
            }), 0),
            ("bmm attention on a [B*H, T, Dh] cache view", Time(() =>
            {
                var keys = cache3.narrow(1, 0, Keys);                                                  // [512, 92, 32]
                var scores = bmm(q3, keys.transpose(1, 2)).mul_(1.0 / Math.Sqrt(Width / Heads));       // [512, 1, 92]
                _ = bmm(scores.softmax(-1), keys);                                                     // [512, 1, 32]
            }), 0),
            ("bmm attention + mask as the model does it", Time(() =>
            {
                var keys = cache3.narrow(1, 0, Keys);
                var rowsQ = q.reshape(Rows * Heads, 1, Width / Heads);
                var scores = bmm(rowsQ, keys.transpose(1, 2)).mul_(1.0 / Math.Sqrt(Width / Heads));
                var hidden = mask.logical_not().expand(Rows, Heads, 1, Keys).reshape(Rows * Heads, 1, Keys);
                _ = bmm(scores.masked_fill_(hidden, float.NegativeInfinity).softmax(-1), keys).view(Rows, Heads, 1, Width / Heads);
            }), 0),
            ("  its mask (not, expand, reshape)", Time(() => mask.logical_not().expand(Rows, Heads, 1, Keys).reshape(Rows * Heads, 1, Keys)), 0),
            ("  its scores bmm", Time(() => bmm(q3, cache3.narrow(1, 0, Keys).transpose(1, 2))), 0),
            ("  its output bmm", Time(() => bmm(randn(Rows * Heads, 1, Keys), cache3.narrow(1, 0, Keys))), 0),
            ("  cache write through a [B,H,T,Dh] view", Time(() => cache3.view(Rows, Heads, -1, Width / Heads).narrow(2, Keys - 1, 1).copy_(q)), 0),
            ("attention out transpose+proj", Time(() => proj.forward(q.transpose(1, 2).reshape(Rows, 1, Width))), Depth),
            ("mlp 128->512, gelu, 512->128", Time(() => fcOut.forward(nn.functional.gelu(fc.forward(x)))), Depth),
            ("residual adds", Time(() => { _ = x + x; _ = x + x; }), Depth),
            ("head 128->27", Time(() => head.forward(x)), 1),
            ("log_softmax + softmax [128,27]", Time(() => { _ = logits.log_softmax(-1); _ = logits.softmax(-1); }), 1),
            ("multinomial, 1 generator", Time(() => logits.softmax(-1).multinomial(1, true, generator)), 1),
            ("multinomial, 16 generators", Time(() => cat(Enumerable.Range(0, 16).Select(i => logits.narrow(0, 8 * i, 8).softmax(-1).multinomial(1, true, generator)).ToArray(), 0)), 0),
            ("bookkeeping (where, gather, copies, all)", Time(() =>
            {
                var finished = zeros(Rows, ScalarType.Bool);
                var next = logits.argmax(-1);
                var chosen = logits.gather(1, next.unsqueeze(1)).squeeze(1);
                _ = where(finished, zeros_like(chosen), chosen);
                finished.logical_or_(next.eq(1));
                _ = finished.all().item<bool>();
            }), 1),
            ("mask for the step (narrow, cast, unsqueeze)", Time(() => mask.to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(1)), 1),
            ("one empty op (TorchSharp call floor)", Time(() => x.alias()), 0),
        };

        // The decode attention two ways, interleaved so the machine's drift hits both alike.
        var cache4 = zeros(Rows, Heads, BenchmarkWorkload.PromptLength + BenchmarkWorkload.ResponseLength, Width / Heads);
        Action fused = () => nn.functional.scaled_dot_product_attention(q, cache4.narrow(2, 0, Keys), cache4.narrow(2, 0, Keys), mask);
        Action products = () =>
        {
            var keys = cache3.narrow(1, 0, Keys);
            var scores = bmm(q.reshape(Rows * Heads, 1, Width / Heads), keys.transpose(1, 2)).mul_(1.0 / Math.Sqrt(Width / Heads));
            var hidden = mask.logical_not().expand(Rows, Heads, 1, Keys).reshape(Rows * Heads, 1, Keys);
            _ = bmm(scores.masked_fill_(hidden, float.NegativeInfinity).softmax(-1), keys);
        };
        var (fusedMs, productsMs) = (new List<double>(), new List<double>());
        for (var i = 0; i < 200; i++)
        {
            fusedMs.Add(Time(fused, repeats: 1));
            productsMs.Add(Time(products, repeats: 1));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode attention A/B, interleaved medians: fused sdpa on the [B,H,T,Dh] cache {fusedMs.Order().ElementAt(100):F3} ms, two bmm on the [B*H,T,Dh] cache {productsMs.Order().ElementAt(100):F3} ms"));

        var policy = BenchmarkWorkload.NewPolicy();
        var prompts = BenchmarkWorkload.Prompts();
        var whole = Time(() => PolicySampler.Sample(policy, prompts, new SamplingSettings(BenchmarkWorkload.ResponseLength), BenchmarkWorkload.NeverEos, 0, new Generator(1)), repeats: 3)
            / BenchmarkWorkload.ResponseLength;

        // The real model's forward of one new position over a cache filled to Keys positions.
        using (var cache = policy.NewCache(Rows, BenchmarkWorkload.PromptLength + BenchmarkWorkload.ResponseLength))
        {
            var filled = ones(Rows, Keys - 1, dtype: ScalarType.Bool);
            policy.Forward(ones(Rows, Keys - 1, dtype: ScalarType.Int64), AttentionMasks.Positions(filled), AttentionMasks.Causal(filled), cache);
            var token = ones(Rows, 1, dtype: ScalarType.Int64);
            var position = full(Rows, 1, Keys - 1, dtype: ScalarType.Int64);
            var stepMask = AttentionMasks.Step(ones(Rows, Keys, dtype: ScalarType.Bool));
            var forward = Time(() =>
            {
                policy.Forward(token, position, stepMask, cache);
                cache.Rewind(Keys - 1);
            });
            rows.Add(("policy.Forward of one position (real model)", forward, 0));

            var block = (TransformerBlock)policy.named_modules().First(m => m.module is TransformerBlock).module;
            var attention = (CausalSelfAttention)block.named_modules().First(m => m.module is CausalSelfAttention).module;
            var hidden = randn(Rows, 1, Width);
            rows.Add(("  one real block (attention + mlp)", Time(() => { block.Forward(hidden, stepMask, cache, 0); }), 0));
            rows.Add(("  its attention (cache append, sdpa)", Time(() => { attention.Forward(hidden, stepMask, cache, 0); }), 0));
            rows.Add(("  its attention without cache, 1 key", Time(() => { attention.Forward(hidden, ones(Rows, 1, 1, 1, dtype: ScalarType.Bool), null, 0); }), 0));
        }

        var sum = rows.Sum(r => r.Ms * r.PerStep);
        Console.WriteLine($"{"piece",-44} {"ms/call",9} {"calls",6} {"ms/step",9} {"share",7}");
        foreach (var (name, ms, perStep) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} {ms,9:F4} {perStep,6} {ms * perStep,9:F3} {(perStep > 0 ? (ms * perStep / whole).ToString("P0", CultureInfo.InvariantCulture) : ""),7}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pieces summed",-44} {"",9} {"",6} {sum,9:F3} {sum / whole,7:P0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"whole decode step (PolicySampler, mean)",-44} {"",9} {"",6} {whole,9:F3} {1,7:P0}"));
        return 0;
    }

    /// <summary>
    /// The learner's attention, forward and backward, on one micro-batch of 64 rows of 112 positions: with the padding
    /// mask [B, 1, T, T] the model builds for left-padded prompts, and causal-only (no mask tensor), which LibTorch
    /// serves with its fused flash kernel; interleaved, so the machine's drift hits both alike.
    /// </summary>
    private static int LearnerAttention()
    {
        const int rows = 64;
        const int positions = 112;
        var q = randn([rows, Heads, positions, Width / Heads], requires_grad: true);
        var k = randn([rows, Heads, positions, Width / Heads], requires_grad: true);
        var v = randn([rows, Heads, positions, Width / Heads], requires_grad: true);
        var mask = AttentionMasks.Causal(ones(rows, positions, dtype: ScalarType.Bool));
        Action masked = () => nn.functional.scaled_dot_product_attention(q, k, v, mask).sum().backward();
        Action causal = () => nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true).sum().backward();
        var additive = zeros(rows, 1, positions, positions).masked_fill_(mask.logical_not(), float.NegativeInfinity);
        Action products = () => matmul((matmul(q, k.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(Width / Heads)) + additive).softmax(-1), v).sum().backward();
        var (maskedMs, causalMs, productsMs) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < 41; i++)
        {
            maskedMs.Add(Time(masked, repeats: 1));
            causalMs.Add(Time(causal, repeats: 1));
            productsMs.Add(Time(products, repeats: 1));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"learner attention [64, 4, 112, 32], forward + backward, interleaved medians: bool mask {maskedMs.Order().ElementAt(20):F2} ms, causal only {causalMs.Order().ElementAt(20):F2} ms, matmul + additive mask + softmax {productsMs.Order().ElementAt(20):F2} ms ({Depth} layers per micro-batch)"));
        return 0;
    }

    /// <summary>
    /// One warm-start step of a preset (`profile 1 warm-start [preset] [path=value ...]`), piece by piece: the teacher's
    /// traces for a batch, packing them, and the forward, backward and optimizer step on them.
    /// </summary>
    private static int WarmStartPieces(string[] args)
    {
        var options = TrainingOverrides.Apply(
            TrainingPresets.Get(args.Length > 0 ? args[0] : "reference"),
            args.Skip(1).Select(a => TrainingOverrides.Parse(a)));
        var task = Training.Tasks.RlvrTasks.Create(options);
        var policy = new TransformerPolicy(options.Policy, task.Tokenizer.VocabSize, seed: 1);
        policy.train();
        using var optimizer = optim.AdamW(policy.parameters(), options.WarmStart.LearningRate, weight_decay: 0.01);
        var random = new Random(1);
        var batchSize = options.WarmStart.BatchSize;
        var offset = 0;
        Training.Tasks.TaskPrompt[] NextPrompts() => task.Prompts(Training.Tasks.TaskSplit.Train, offset++ * batchSize, batchSize).ToArray();
        SequenceRow[] Rows(Training.Tasks.TaskPrompt[] prompts) => prompts.Select(p =>
        {
            var response = PromptEncoding.EncodeResponse(task.TeacherResponse(p, random), task.Tokenizer);
            return new SequenceRow(PromptEncoding.Encode(p, task.Tokenizer).Tokens, response[..Math.Min(response.Length, options.Rollout.MaxResponseLength)], new float[response.Length], 0, true, 0);
        }).ToArray();

        var prompts = NextPrompts();
        var rows = Rows(prompts);
        var batch = SequenceBatch.Build(rows, task.Tokenizer.PadId, CPU);
        var pieces = new List<(string Name, double Ms)>
        {
            ("prompts of one batch", Time(() => NextPrompts())),
            ("teacher traces + encoding", Time(() => Rows(prompts))),
            ("pack (SequenceBatch.Build)", Time(() => SequenceBatch.Build(rows, task.Tokenizer.PadId, CPU))),
            ("forward (SequenceLogProbs)", Time(() => { using var g = no_grad(); SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth); })),
            ("forward with autograd on", Time(() => SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth))),
            ("  its masks and positions", Time(() => { AttentionMasks.Causal(batch.Valid); AttentionMasks.Positions(batch.Valid); })),
            ("  policy.Forward, autograd on", Time(() => policy.Forward(batch.Tokens, AttentionMasks.Positions(batch.Valid), AttentionMasks.Causal(batch.Valid)))),
            ("  policy.Forward, no_grad", Time(() => { using var g = no_grad(); policy.Forward(batch.Tokens, AttentionMasks.Positions(batch.Valid), AttentionMasks.Causal(batch.Valid)); })),
            ("  sdpa [32, 4, 71, 24] with mask, no_grad", Time(() => { using var g = no_grad(); var x = randn(32, 4, 71, 24); nn.functional.scaled_dot_product_attention(x, x, x, AttentionMasks.Causal(batch.Valid)); })),
            ("  sdpa [32, 4, 71, 24] with mask, autograd", Time(() => { var x = randn(32, 4, 71, 24, requires_grad: true); nn.functional.scaled_dot_product_attention(x, x, x, AttentionMasks.Causal(batch.Valid)); })),
            ("forward + backward", Time(() =>
            {
                var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);
                optimizer.zero_grad();
                (-(logProbs * batch.ResponseMask).sum() / batch.ResponseMask.sum()).backward();
            })),
            ("clip_grad_norm + AdamW step", Time(() => { nn.utils.clip_grad_norm_(policy.parameters(), 1.0); optimizer.step(); })),
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one warm-start step: {batchSize} traces, width {options.Policy.Width}, depth {options.Policy.Depth}, packed {batch.Tokens.shape[0]} x {batch.Tokens.shape[1]} ({batch.ResponseMask.sum().item<float>():F0} response tokens)"));
        foreach (var (name, ms) in pieces)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {ms,9:F2} ms"));
        }

        return 0;
    }

    /// <summary>Median milliseconds of one call, over enough calls to take about a tenth of a second.</summary>
    private static double Time(Action action, int repeats = 0)
    {
        action();
        if (repeats == 0)
        {
            var probe = Stopwatch.StartNew();
            action();
            repeats = Math.Clamp((int)(0.1 / Math.Max(1e-7, probe.Elapsed.TotalSeconds)), 5, 2000);
        }

        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }
}
