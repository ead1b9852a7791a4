#!/usr/bin/env python3
"""Writes small random-weight GGUF models in the shapes of real architectures, for Loom's
parity tests against llama.cpp (see Tests/LoomTextTests/ArchitectureParityTests.swift).

usage: Scripts/make-random-gguf.py {qwen2,qwen3,llama3,qwen2.5-0.5b,quants} OUT.gguf

Needs the `gguf` Python package (pip install gguf). Matrices are Q8_0 (F16 for the full-size
qwen2.5-0.5b shape, 1 GB, for benchmarks after llama.cpp's llama-quantize makes it Q4_K_M; F32
for `quants`, a one-layer llama 256 wide that Scripts/quant-fixtures has llama-quantize turn into
Q5_0 and k-quants), vectors F32; the vocabulary is synthetic (SentencePiece-style pieces t0, t1,
...). The same arguments always write the same bytes (numpy's seeded generator).
"""
import sys

import numpy as np
import gguf

SHAPES = {
    # dim, hidden, layers, heads, kv heads, head size, vocab
    "qwen2": dict(dim=64, hidden=160, layers=2, heads=4, kv_heads=2, head=16, vocab=256),
    "qwen3": dict(dim=64, hidden=160, layers=2, heads=4, kv_heads=2, head=32, vocab=256),
    "llama3": dict(dim=64, hidden=160, layers=2, heads=4, kv_heads=2, head=16, vocab=256),
    "qwen2.5-0.5b": dict(dim=896, hidden=4864, layers=24, heads=14, kv_heads=2, head=64, vocab=151936),
    # k-quant blocks hold 256 weights, so every matrix is at least 256 columns wide.
    "quants": dict(dim=256, hidden=256, layers=1, heads=4, kv_heads=2, head=64, vocab=256),
}


def main():
    arch, out = sys.argv[1], sys.argv[2]
    s = SHAPES[arch]
    rng = np.random.default_rng({"qwen2": 2, "qwen3": 3, "llama3": 31, "qwen2.5-0.5b": 5, "quants": 7}[arch])
    name = {"llama3": "llama", "qwen2.5-0.5b": "qwen2", "quants": "llama"}.get(arch, arch)
    full_size = arch == "qwen2.5-0.5b"
    w = gguf.GGUFWriter(out, name)
    w.add_name(f"random {arch}")
    w.add_block_count(s["layers"])
    w.add_context_length(32768 if full_size else 256)
    w.add_embedding_length(s["dim"])
    w.add_feed_forward_length(s["hidden"])
    w.add_head_count(s["heads"])
    w.add_head_count_kv(s["kv_heads"])
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_freq_base({"llama3": 500000.0, "quants": 10000.0}.get(arch, 1000000.0))
    w.add_rope_dimension_count(s["head"])
    if arch == "qwen3":
        w.add_key_length(s["head"])
        w.add_value_length(s["head"])
    w.add_vocab_size(s["vocab"])
    w.add_tokenizer_model("llama")
    w.add_token_list([b"<unk>", b"<s>", b"</s>"] + [f"t{i}".encode() for i in range(3, s["vocab"])])
    w.add_token_scores([0.0] * s["vocab"])
    w.add_token_types([2, 3, 3] + [1] * (s["vocab"] - 3))
    w.add_unk_token_id(0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_add_bos_token(False)

    def matrix(tensor, rows, columns, scale):
        if full_size:
            values = rng.standard_normal((rows, columns), dtype=np.float32) * (scale / np.sqrt(columns / 64))
            w.add_tensor(tensor, values.astype(np.float16))
            return
        if arch == "quants":  # half the scale: columns are 4x the small shapes', logits stay as large
            w.add_tensor(tensor, (rng.standard_normal((rows, columns)) * (scale / 2)).astype(np.float32))
            return
        values = (rng.standard_normal((rows, columns)) * scale).astype(np.float32)
        w.add_tensor(tensor, gguf.quants.quantize(values, gguf.GGMLQuantizationType.Q8_0),
                     raw_dtype=gguf.GGMLQuantizationType.Q8_0)

    def vector(tensor, count, base, scale):
        w.add_tensor(tensor, (base + rng.standard_normal(count) * scale).astype(np.float32))

    dim, hidden, head = s["dim"], s["hidden"], s["head"]
    q_dim, kv_dim = head * s["heads"], head * s["kv_heads"]
    matrix("token_embd.weight", s["vocab"], dim, 1.0)
    if arch == "llama3":
        # Llama 3's rope_freqs: per-pair divisors of the rotation frequencies.
        w.add_tensor("rope_freqs.weight", np.linspace(1.0, 8.0, head // 2).astype(np.float32))
    for layer in range(s["layers"]):
        p = f"blk.{layer}."
        vector(p + "attn_norm.weight", dim, 1.0, 0.1)
        matrix(p + "attn_q.weight", q_dim, dim, 0.25)
        matrix(p + "attn_k.weight", kv_dim, dim, 0.25)
        matrix(p + "attn_v.weight", kv_dim, dim, 0.25)
        if name == "qwen2":
            vector(p + "attn_q.bias", q_dim, 0.0, 0.5)
            vector(p + "attn_k.bias", kv_dim, 0.0, 0.5)
            vector(p + "attn_v.bias", kv_dim, 0.0, 0.5)
        if arch == "qwen3":
            vector(p + "attn_q_norm.weight", head, 1.0, 0.2)
            vector(p + "attn_k_norm.weight", head, 1.0, 0.2)
        matrix(p + "attn_output.weight", dim, q_dim, 0.25)
        vector(p + "ffn_norm.weight", dim, 1.0, 0.1)
        matrix(p + "ffn_gate.weight", hidden, dim, 0.25)
        matrix(p + "ffn_up.weight", hidden, dim, 0.25)
        matrix(p + "ffn_down.weight", dim, hidden, 0.2)
    vector("output_norm.weight", dim, 1.0, 0.1)
    if not full_size:  # the full-size shape ties its classifier to the embedding, as Qwen2.5-0.5B does
        matrix("output.weight", s["vocab"], dim, 0.5)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
