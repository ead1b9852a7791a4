#!/usr/bin/env python3
"""Independent numpy reference for Loom's llama transformer (llama2.c checkpoint format).

Usage:
  reference_forward.py forward MODEL.bin --tokens 1,72,101 [--out FILE.json]
      Prints (or writes) JSON {"tokens": [...], "logits": [[vocab floats] per position]}.
  reference_forward.py fixtures OUTDIR
      Writes the tiny test models, their tokenizer.bin and the reference logits Loom's tests
      compare against (Tests/LoomTextTests/Fixtures/Transformer).

The forward pass runs in float64 over the float32 weights, processing the whole sequence at
once with a causal mask (no KV cache), so it shares no structure with Loom's Swift code.
"""
import json
import struct
import sys

import numpy as np


def read_checkpoint(path):
    with open(path, "rb") as f:
        data = f.read()
    dim, hidden, layers, heads, kv_heads, vocab, seq = struct.unpack("<7i", data[:28])
    shared = vocab > 0
    vocab = abs(vocab)
    floats = np.frombuffer(data, dtype="<f4", offset=28).astype(np.float64)
    head_size = dim // heads
    kv_dim = kv_heads * head_size
    cursor = 0

    def take(*shape):
        nonlocal cursor
        n = int(np.prod(shape))
        out = floats[cursor:cursor + n].reshape(shape)
        cursor += n
        return out

    w = {}
    w["emb"] = take(vocab, dim)
    w["rms_att"] = take(layers, dim)
    w["wq"] = take(layers, dim, dim)
    w["wk"] = take(layers, kv_dim, dim)
    w["wv"] = take(layers, kv_dim, dim)
    w["wo"] = take(layers, dim, dim)
    w["rms_ffn"] = take(layers, dim)
    w["w1"] = take(layers, hidden, dim)
    w["w2"] = take(layers, dim, hidden)
    w["w3"] = take(layers, hidden, dim)
    w["rms_final"] = take(dim)
    take(seq, head_size // 2)
    take(seq, head_size // 2)
    w["cls"] = w["emb"] if shared else take(vocab, dim)
    cfg = dict(dim=dim, hidden=hidden, layers=layers, heads=heads, kv_heads=kv_heads, vocab=vocab, seq=seq)
    return cfg, w


def rms_norm(x, weight, eps=1e-5):
    return weight * x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def rope(v, n_heads, head_size, theta=10000.0):
    # v: (T, n_heads * head_size); rotate adjacent pairs (2i, 2i+1) inside each head.
    T = v.shape[0]
    v = v.reshape(T, n_heads, head_size // 2, 2)
    freqs = theta ** (-np.arange(0, head_size, 2) / head_size)
    angles = np.arange(T)[:, None] * freqs[None, :]
    c, s = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    a, b = v[..., 0], v[..., 1]
    out = np.stack([a * c - b * s, a * s + b * c], axis=-1)
    return out.reshape(T, n_heads * head_size)


def forward(cfg, w, tokens):
    T = len(tokens)
    heads, kv_heads = cfg["heads"], cfg["kv_heads"]
    hs = cfg["dim"] // heads
    x = w["emb"][tokens]
    mask = np.triu(np.full((T, T), -np.inf), k=1)
    for l in range(cfg["layers"]):
        h = rms_norm(x, w["rms_att"][l])
        q = rope(h @ w["wq"][l].T, heads, hs)
        k = rope(h @ w["wk"][l].T, kv_heads, hs)
        v = h @ w["wv"][l].T
        q = q.reshape(T, heads, hs).transpose(1, 0, 2)
        k = np.repeat(k.reshape(T, kv_heads, hs).transpose(1, 0, 2), heads // kv_heads, axis=0)
        v = np.repeat(v.reshape(T, kv_heads, hs).transpose(1, 0, 2), heads // kv_heads, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(hs) + mask
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        att = (scores @ v).transpose(1, 0, 2).reshape(T, cfg["dim"])
        x = x + att @ w["wo"][l].T
        h = rms_norm(x, w["rms_ffn"][l])
        gate = h @ w["w1"][l].T
        up = h @ w["w3"][l].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w["w2"][l].T
    x = rms_norm(x, w["rms_final"])
    return x @ w["cls"].T


def write_checkpoint(path, rng, dim, hidden, layers, heads, kv_heads, vocab, seq, shared):
    hs = dim // heads
    kv_dim = kv_heads * hs

    def normal(*shape, scale):
        return (rng.standard_normal(shape) * scale).astype("<f4")

    parts = [
        normal(vocab, dim, scale=1.0),
        (1 + normal(layers, dim, scale=0.1)).astype("<f4"),
        normal(layers, dim, dim, scale=dim ** -0.5),
        normal(layers, kv_dim, dim, scale=dim ** -0.5),
        normal(layers, kv_dim, dim, scale=dim ** -0.5),
        normal(layers, dim, dim, scale=dim ** -0.5),
        (1 + normal(layers, dim, scale=0.1)).astype("<f4"),
        normal(layers, hidden, dim, scale=dim ** -0.5),
        normal(layers, dim, hidden, scale=hidden ** -0.5),
        normal(layers, hidden, dim, scale=dim ** -0.5),
        (1 + normal(dim, scale=0.1)).astype("<f4"),
        np.zeros(seq * hs // 2, dtype="<f4"),
        np.zeros(seq * hs // 2, dtype="<f4"),
    ]
    if not shared:
        parts.append(normal(vocab, dim, scale=dim ** -0.5))
    with open(path, "wb") as f:
        f.write(struct.pack("<7i", dim, hidden, layers, heads, kv_heads, vocab if shared else -vocab, seq))
        for p in parts:
            f.write(p.tobytes())


TINY_PIECES = list(" abcdefghijklmnopqrstuvwxyz.,") + [
    "th", "he", "the", " the", "in", " a", "an", "and", " and", "er", "on", "é"]


def write_tokenizer(path):
    pieces = [b"<unk>", b"<s>", b"</s>"] + [("<0x%02X>" % b).encode() for b in range(256)]
    scores = [0.0] * len(pieces)
    for rank, piece in enumerate(TINY_PIECES):
        pieces.append(piece.encode())
        # Longer pieces merge first among ties; later pieces score lower, as in SentencePiece.
        scores.append(-float(rank) if len(piece) == 1 else 100.0 - rank)
    with open(path, "wb") as f:
        f.write(struct.pack("<i", max(len(p) for p in pieces)))
        for piece, score in zip(pieces, scores):
            f.write(struct.pack("<fi", score, len(piece)))
            f.write(piece)
    return len(pieces)


FIXTURE_TOKENS = [1, 289, 264, 276, 260, 283, 270, 7, 100, 282, 2, 290, 268, 259, 299, 265]


def make_fixtures(outdir):
    vocab = write_tokenizer(f"{outdir}/tiny-tokenizer.bin")
    rng = np.random.RandomState(20261129)
    write_checkpoint(f"{outdir}/tiny-gqa.bin", rng, 32, 64, 2, 4, 2, vocab, 32, shared=False)
    write_checkpoint(f"{outdir}/tiny-shared.bin", rng, 16, 48, 1, 2, 2, vocab, 32, shared=True)
    for name in ("tiny-gqa", "tiny-shared"):
        cfg, w = read_checkpoint(f"{outdir}/{name}.bin")
        logits = forward(cfg, w, FIXTURE_TOKENS)
        with open(f"{outdir}/{name}.logits.json", "w") as f:
            json.dump({"tokens": FIXTURE_TOKENS, "logits": [[round(float(v), 7) for v in row] for row in logits]}, f)
    print(f"wrote fixtures to {outdir} (vocabulary {vocab})")


def main(argv):
    if len(argv) >= 2 and argv[0] == "fixtures":
        make_fixtures(argv[1])
        return 0
    if len(argv) >= 4 and argv[0] == "forward" and argv[2] == "--tokens":
        cfg, w = read_checkpoint(argv[1])
        tokens = [int(t) for t in argv[3].split(",")]
        if any(t < 0 or t >= cfg["vocab"] for t in tokens) or not 0 < len(tokens) <= cfg["seq"]:
            print("tokens out of range", file=sys.stderr)
            return 2
        logits = forward(cfg, w, tokens)
        text = json.dumps({"tokens": tokens, "logits": [[float(v) for v in row] for row in logits]})
        if len(argv) >= 6 and argv[4] == "--out":
            with open(argv[5], "w") as f:
                f.write(text)
        else:
            print(text)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
