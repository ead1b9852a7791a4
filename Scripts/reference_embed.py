#!/usr/bin/env python3
"""Reference sentence embeddings for Loom's BERT encoder (all-MiniLM-L6-v2).

Written for Loom: numpy does the arithmetic (in float64), Hugging Face's `tokenizers`
package does the tokenisation only, and the safetensors file is read with `json` and
`struct`. The forward pass is the textbook one: the batch is padded to its longest
sequence and an additive attention mask hides the padding, as BERT does it.

    pip install numpy tokenizers
    Scripts/reference_embed.py [--model Models/all-MiniLM-L6-v2] [--out Tests/LoomTextTests/Fixtures/Embedding]

Writes to the output folder:
    sentences.json   [{"text": ..., "ids": [...]}, ...]  (ids from `tokenizers`, [CLS]/[SEP] included)
    embeddings.f32   len(sentences) x 384 little-endian float32 (rounded from float64)
The sentences are handwritten (empty, Unicode, punctuation, long past 256 tokens), generated
player commands, and every line and option of the shipped worlds' stories.
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

HANDWRITTEN = [
    "",
    " ",
    "Light the lamp.",
    "I light the lamp and wait",
    "light lamp",
    "LIGHT THE LAMP!!!",
    "Where is the harbour?",
    "The captain doesn't understand.",
    "Café, naïve, résumé, über, façade, jalapeño.",
    "Ångström and Øresund are in Scandinavia.",
    "Crème brûlée — délicieux!",
    "東京は日本の首都です。",
    "我想去图书馆看书",
    "한국어 문장도 있습니다",
    "Ελληνικά: Καλημέρα κόσμε",
    "Русский текст: привет, мир!",
    "עברית וערבית: שלום, مرحبا",
    "emoji 🙂🔥🏰 and a flag 🇫🇷",
    "tabs\tand\nnewlines\r\nmixed  in   spaces",
    "zero\u200bwidth\u200bspace and soft\u00adhyphen",
    "control\u0007char and null\u0000byte and \ufffd replacement",
    "non\u00a0breaking\u2003em\u2009thin spaces",
    "$100 + 20% = ^_^ `code` | pipes ~ tildes <tags> {braces} [brackets] @home #hash &amp;",
    "!!!???...,,,;;;:::",
    "«guillemets» „quotes“ ‘single’ “double” ¿qué? ¡sí!",
    "under_score-dash/slash\\backslash",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "xyzzy plugh frobozz",
    "İstanbul'da ılık bir gün",
    "ﬁne ligatures ﬂow",
    "Full-width ＡＢＣ１２３",
    "ÀÉÎÕÜ ÇÑ",
    "The the THE tHe",
    "1234567890 3.14159 -42 1e10",
    "hello@example.com https://example.com/path?q=1",
    "ok",
    "?",
    "a",
    "I attack the guard with my sword",
    "fight",
    "run away quickly!",
    "can I buy some bread here?",
    "tell me about the lighthouse keeper",
    "open the door",
    "i open teh dor",
    "pick up the silver key",
    "what happened to the vault",
    "I don't want to do any of that",
    "sing a song about the sea",
    "go north, then east, then north again",
    "Say goodbye and leave the tavern.",
    "Ask the fisherman about the storm",
    "Sail to the eastern isle",
    "Rest by the fire for a while",
    "Climb the tower stairs",
    "Read the old map carefully",
    "Give the coin to the beggar",
]

PARAGRAPH = (
    "The lighthouse stood at the edge of the world, where the grey sea broke against black "
    "rocks and the wind carried salt and the cries of gulls. Every night the keeper climbed "
    "the spiral stairs, trimmed the wick, and lit the great lamp, whose beam swept across the "
    "water to guide the fishing boats home. "
)


VERBS = ["light", "open", "take", "ask about", "look at", "climb", "follow", "burn", "hide behind", "talk to"]
THINGS = ["the lamp", "the old door", "a rusty key", "the ferryman", "the northern tower", "the tide",
          "the shrine bell", "the captain's map", "the crypt gate", "the stranger"]
FORMS = ["{v} {t}", "I {v} {t}.", "can I {v} {t}?", "let's {v} {t} now", "{V} {T}!"]


def player_sentences():
    """Deterministic player-like commands: every verb with every thing, in two rotating forms."""
    out = []
    for i, verb in enumerate(VERBS):
        for j, thing in enumerate(THINGS):
            for k in (0, 2):
                form = FORMS[(i + j + k) % len(FORMS)]
                out.append(form.format(v=verb, t=thing, V=verb.upper(), T=thing.upper()))
    return out


def long_sentences():
    out = []
    for repeats in (3, 4, 6, 10):
        out.append(PARAGRAPH * repeats)
    out.append(" ".join(f"word{i}" for i in range(400)))
    out.append("é " * 300)
    out.append("!" * 300)
    out.append("東" * 300)
    # Exactly at and around the truncation boundary (254 pieces plus [CLS] and [SEP]).
    for n in (253, 254, 255, 256):
        out.append(" ".join(["lamp"] * n))
    return out


def story_sentences():
    out = []
    for world in ("isles", "crypt"):
        folder = os.path.join(ROOT, "Worlds", world, "story")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".yarn"):
                continue
            for line in open(os.path.join(folder, name), encoding="utf-8"):
                text = line.strip()
                if not text or text.startswith(("<<", "title:", "---", "===", "//", "when:", "tags:")):
                    continue
                text = re.sub(r"^(->|=>)\s*", "", text)
                text = re.sub(r"\s*(<<.*?>>|#\S+)", "", text).strip()
                text = re.sub(r"\{[^}]*\}", "", text).strip()
                if text and text not in out:
                    out.append(text)
    return out


def load_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    kinds = {"F32": np.float32, "I64": np.int64}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=kinds[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = array.astype(np.float64)
    return tensors


def layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(batch_ids, t, config):
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    size = hidden // heads
    eps = config["layer_norm_eps"]
    lengths = [len(ids) for ids in batch_ids]
    longest = max(lengths)
    ids = np.zeros((len(batch_ids), longest), dtype=np.int64)
    mask = np.zeros((len(batch_ids), longest))
    for b, seq in enumerate(batch_ids):
        ids[b, : len(seq)] = seq
        mask[b, : len(seq)] = 1
    x = (
        t["embeddings.word_embeddings.weight"][ids]
        + t["embeddings.position_embeddings.weight"][np.arange(longest)][None]
        + t["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps)
    additive = (1.0 - mask)[:, None, None, :] * -1e9
    for n in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{n}."

        def linear(v, name):
            return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

        def heads_of(v):
            return v.reshape(v.shape[0], longest, heads, size).transpose(0, 2, 1, 3)

        q = heads_of(linear(x, "attention.self.query"))
        k = heads_of(linear(x, "attention.self.key"))
        v = heads_of(linear(x, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + additive
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(x.shape[0], longest, hidden)
        x = layer_norm(
            x + linear(context, "attention.output.dense"),
            t[p + "attention.output.LayerNorm.weight"],
            t[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        up = gelu(linear(x, "intermediate.dense"))
        x = layer_norm(
            x + linear(up, "output.dense"), t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps
        )
    pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.path.join(ROOT, "Models", "all-MiniLM-L6-v2"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests", "LoomTextTests", "Fixtures", "Embedding"))
    args = parser.parse_args()
    config = json.load(open(os.path.join(args.model, "config.json")))
    max_length = json.load(open(os.path.join(args.model, "sentence_bert_config.json")))["max_seq_length"]
    tokenizer = Tokenizer.from_file(os.path.join(args.model, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    tensors = load_safetensors(os.path.join(args.model, "model.safetensors"))

    sentences = []
    for text in HANDWRITTEN + long_sentences() + story_sentences() + player_sentences():
        if text not in sentences:
            sentences.append(text)
    records = [{"text": s, "ids": tokenizer.encode(s).ids} for s in sentences]
    # Batches of similar lengths keep the padding (and the time) small; the mask hides it.
    order = sorted(range(len(records)), key=lambda i: len(records[i]["ids"]))
    vectors = np.zeros((len(records), config["hidden_size"]))
    for start in range(0, len(order), 16):
        chosen = order[start : start + 16]
        vectors[chosen] = embed([records[i]["ids"] for i in chosen], tensors, config)
    vectors = vectors.astype("<f4")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sentences.json"), "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records))
        f.write("\n]\n")
    vectors.tofile(os.path.join(args.out, "embeddings.f32"))
    longest = max(len(r["ids"]) for r in records)
    print(f"{len(records)} sentences, longest {longest} tokens, {vectors.shape[1]} dimensions", file=sys.stderr)


if __name__ == "__main__":
    main()
