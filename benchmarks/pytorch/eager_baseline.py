"""PyTorch eager baseline for `perf-report`: the same policy shape and batch as BenchmarkWorkload.cs.

Debian 12's python3-torch is 1.13 (no scaled_dot_product_attention), so attention is written out by hand.
Install with: apt-get install python3-torch libopenblas0-pthread (without OpenBLAS, torch uses the reference BLAS).
Prints one JSON line: {"torch": ..., "matmul_gflops": ..., "sampling_s": ..., "learner_step_s": ...} (medians).
"""
import argparse
import json
import math
import random
import statistics
import time

import torch
import torch.nn.functional as F

VOCAB, ROWS, PROMPT, RESPONSE = 27, 128, 12, 160
WIDTH, DEPTH, HEADS = 128, 4, 4


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = torch.nn.LayerNorm(WIDTH), torch.nn.LayerNorm(WIDTH)
        self.qkv, self.proj = torch.nn.Linear(WIDTH, 3 * WIDTH), torch.nn.Linear(WIDTH, WIDTH)
        self.fc, self.fc_out = torch.nn.Linear(WIDTH, 4 * WIDTH), torch.nn.Linear(4 * WIDTH, WIDTH)

    def attend(self, x, mask, cache):
        b, t, _ = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, HEADS, WIDTH // HEADS).permute(2, 0, 3, 1, 4)
        if cache is not None:
            keys, values, length = cache
            keys[:, :, length:length + t] = k
            values[:, :, length:length + t] = v
            k, v = keys[:, :, :length + t], values[:, :, :length + t]
        scores = q @ k.transpose(-1, -2) / math.sqrt(WIDTH // HEADS)
        scores = scores.masked_fill(~mask, float("-inf"))
        return self.proj((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, WIDTH))

    def forward(self, x, mask, cache=None):
        x = x + self.attend(self.ln1(x), mask, cache)
        return x + self.fc_out(F.gelu(self.fc(self.ln2(x))))


class Policy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = torch.nn.Embedding(VOCAB, WIDTH), torch.nn.Embedding(PROMPT + RESPONSE, WIDTH)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(DEPTH))
        self.ln_f, self.head = torch.nn.LayerNorm(WIDTH), torch.nn.Linear(WIDTH, VOCAB, bias=False)

    def forward(self, tokens, positions, mask, caches=None, length=0):
        x = self.tok(tokens) + self.pos(positions)
        for i, block in enumerate(self.blocks):
            x = block(x, mask, None if caches is None else (caches[i][0], caches[i][1], length))
        return self.head(self.ln_f(x))


@torch.no_grad()
def sample(policy, prompts, generator):
    n = prompts.shape[0]
    dh = WIDTH // HEADS
    caches = [(torch.zeros(n, HEADS, PROMPT + RESPONSE, dh), torch.zeros(n, HEADS, PROMPT + RESPONSE, dh)) for _ in range(DEPTH)]
    causal = torch.ones(PROMPT, PROMPT, dtype=torch.bool).tril()
    logits = policy(prompts, torch.arange(PROMPT).expand(n, PROMPT), causal, caches, 0)[:, -1]
    tokens, logps = [], []
    for s in range(RESPONSE):
        logp = logits.log_softmax(-1)
        nxt = logits.softmax(-1).multinomial(1, generator=generator)
        logps.append(logp.gather(1, nxt))
        tokens.append(nxt)
        if s == RESPONSE - 1:
            break
        mask = torch.ones(1, PROMPT + s + 1, dtype=torch.bool)
        logits = policy(nxt, torch.full((n, 1), PROMPT + s), mask, caches, PROMPT + s)[:, -1]
    return torch.cat(tokens, 1), torch.cat(logps, 1)


def learner_batch():
    rnd = random.Random(6)
    rows = []
    for _ in range(ROWS):
        length = rnd.randint(20, RESPONSE)
        rows.append((length, [rnd.randint(3, VOCAB - 1) for _ in range(PROMPT + length)]))
    return rows


def learner_step(policy, optimizer, rows, micro=64):
    optimizer.zero_grad()
    lengths = torch.tensor([length for length, _ in rows], dtype=torch.float32)
    weights = (1.0 / lengths) / (1.0 / lengths).sum() / RESPONSE   # delta-l, alpha = 1
    for start in range(0, len(rows), micro):
        chunk = rows[start:start + micro]
        width = max(len(t) for _, t in chunk)
        tokens = torch.zeros(len(chunk), width, dtype=torch.long)
        mask = torch.zeros(len(chunk), width - PROMPT)
        for i, (length, toks) in enumerate(chunk):
            tokens[i, :len(toks)] = torch.tensor(toks)
            mask[i, :length] = 1
        causal = torch.ones(width, width, dtype=torch.bool).tril()
        logits = policy(tokens, torch.arange(width).expand(len(chunk), width), causal)
        logp = logits[:, PROMPT - 1:-1].log_softmax(-1).gather(-1, tokens[:, PROMPT:].unsqueeze(-1)).squeeze(-1)
        old = logp.detach() - 0.01
        adv = torch.randn(len(chunk), 1)
        ratio = (logp - old).exp()
        loss_tok = torch.max(-adv * ratio, -adv * ratio.clamp(0.8, 1.2))
        loss = ((loss_tok * mask).sum(1) * weights[start:start + micro]).sum()
        loss.backward()
    torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
    optimizer.step()


def median(repeats, fn):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(11)
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    matmul_s = median(args.repeats * 4, lambda: (a @ b)[0, 0].item())
    policy = Policy().eval()
    prompts = torch.randint(3, VOCAB, (ROWS, PROMPT))
    sampling_s = median(args.repeats, lambda: sample(policy, prompts, torch.Generator().manual_seed(1)))
    optimizer = torch.optim.AdamW(policy.parameters(), lr=1e-4)
    rows = learner_batch()
    learner_s = median(args.repeats, lambda: learner_step(policy, optimizer, rows))
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "matmul_gflops": 2 * 1024 ** 3 / matmul_s / 1e9,
                      "sampling_s": sampling_s, "learner_step_s": learner_s}))


if __name__ == "__main__":
    main()
