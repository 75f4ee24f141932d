#!/usr/bin/env python3
"""An independent reference forward pass of a Qwen2/Llama decoder, in NumPy (float64), for the C# decoder's tests.

Reads a Hugging Face model folder (config.json, model.safetensors: the header and bytes parsed here, BF16/F16/F32)
and a JSON request on stdin: {"ids": [[...], ...], "greedy": {"prompt": [...], "tokens": N}}. Prints
{"logits": [B][T][V], "greedy": [...]}. Shares no code with the C# implementation.
"""
import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = data[base + start:base + end]
        if entry["dtype"] == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            values = bits.view(np.float32)
        elif entry["dtype"] == "F16":
            values = np.frombuffer(raw, dtype="<f2")
        elif entry["dtype"] == "F32":
            values = np.frombuffer(raw, dtype="<f4")
        else:
            raise ValueError(f"dtype {entry['dtype']} of {name}")
        tensors[name] = values.astype(np.float64).reshape(entry["shape"])
    return tensors


class Decoder:
    def __init__(self, folder):
        with open(f"{folder}/config.json") as f:
            self.c = json.load(f)
        self.w = read_safetensors(f"{folder}/model.safetensors")
        self.heads = self.c["num_attention_heads"]
        self.kv_heads = self.c.get("num_key_value_heads", self.heads)
        self.dim = self.c["hidden_size"] // self.heads
        self.bias = self.c["model_type"] == "qwen2" or self.c.get("attention_bias", False)

    def norm(self, x, weight):
        return weight * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.c["rms_norm_eps"]))

    def proj(self, x, name):
        y = x @ self.w[name + ".weight"].T
        if self.bias and (name + ".bias") in self.w:
            y = y + self.w[name + ".bias"]
        return y

    def rope(self, x):  # x: [heads, T, D]; HF's rotate_half convention: pairs (i, i + D/2)
        t = x.shape[1]
        half = self.dim // 2
        inv = self.c.get("rope_theta", 10000.0) ** (-np.arange(0, half) * 2.0 / self.dim)
        ang = np.outer(np.arange(t), inv)
        cos, sin = np.cos(ang), np.sin(ang)
        a, b = x[..., :half], x[..., half:]
        return np.concatenate([a * cos - b * sin, b * cos + a * sin], axis=-1)

    def logits(self, ids):
        x = self.w["model.embed_tokens.weight"][ids]  # [T, H]
        t = len(ids)
        mask = np.triu(np.full((t, t), -np.inf), 1)
        for layer in range(self.c["num_hidden_layers"]):
            p = f"model.layers.{layer}."
            h = self.norm(x, self.w[p + "input_layernorm.weight"])
            q = self.proj(h, p + "self_attn.q_proj").reshape(t, self.heads, self.dim).transpose(1, 0, 2)
            k = self.proj(h, p + "self_attn.k_proj").reshape(t, self.kv_heads, self.dim).transpose(1, 0, 2)
            v = self.proj(h, p + "self_attn.v_proj").reshape(t, self.kv_heads, self.dim).transpose(1, 0, 2)
            q, k = self.rope(q), self.rope(k)
            out = np.zeros((self.heads, t, self.dim))
            for head in range(self.heads):
                kv = head // (self.heads // self.kv_heads)
                scores = q[head] @ k[kv].T / np.sqrt(self.dim) + mask
                scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
                out[head] = (scores / scores.sum(axis=-1, keepdims=True)) @ v[kv]
            x = x + self.proj(out.transpose(1, 0, 2).reshape(t, -1), p + "self_attn.o_proj")
            m = self.norm(x, self.w[p + "post_attention_layernorm.weight"])
            gate = self.proj(m, p + "mlp.gate_proj")
            x = x + self.proj(gate / (1 + np.exp(-gate)) * self.proj(m, p + "mlp.up_proj"), p + "mlp.down_proj")
        head = self.w["model.embed_tokens.weight"] if self.c.get("tie_word_embeddings", False) else self.w["lm_head.weight"]
        return self.norm(x, self.w["model.norm.weight"]) @ head.T


def main():
    decoder = Decoder(sys.argv[1])
    request = json.load(sys.stdin)
    result = {"logits": [decoder.logits(np.array(ids)).tolist() for ids in request.get("ids", [])]}
    if "greedy" in request:
        sequence = list(request["greedy"]["prompt"])
        for _ in range(request["greedy"]["tokens"]):
            sequence.append(int(np.argmax(decoder.logits(np.array(sequence))[-1])))
        result["greedy"] = sequence[len(request["greedy"]["prompt"]):]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
