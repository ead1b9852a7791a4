#!/usr/bin/env python3
"""Writes Tests/LoomTextTests/Fixtures/Transformer/quant-blocks.json: random blocks of every
quantised GGUF tensor type Loom reads, and their values as the `gguf` Python package (the
GGUF reference reader, `pip install gguf numpy`) decodes them. Loom's own decoder is checked
against these in GGUFQuantTests. Run from the repository root."""
import json
import random

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf.quants import dequantize

# name: (type, bytes per block, offsets of half-float fields)
TYPES = {
    "Q4_0": (T.Q4_0, 18, [0]),
    "Q4_1": (T.Q4_1, 20, [0, 2]),
    "Q5_0": (T.Q5_0, 22, [0]),
    "Q5_1": (T.Q5_1, 24, [0, 2]),
    "Q8_0": (T.Q8_0, 34, [0]),
    "Q4_K": (T.Q4_K, 144, [0, 2]),
    "Q5_K": (T.Q5_K, 176, [0, 2]),
    "Q6_K": (T.Q6_K, 210, [208]),
}

random.seed(20261129)
cases = []
for name, (kind, size, halves) in TYPES.items():
    blocks = 3
    raw = bytearray(random.getrandbits(8) for _ in range(blocks * size))
    # Finite, moderate scales: random bits could be NaN or huge.
    for b in range(blocks):
        for offset in halves:
            value = np.float16(random.uniform(-0.05, 0.05) if offset else random.uniform(0.001, 0.05))
            raw[b * size + offset:b * size + offset + 2] = value.tobytes()
    values = dequantize(np.frombuffer(bytes(raw), dtype=np.uint8), kind).astype(np.float32)
    cases.append({"type": name, "bytes": bytes(raw).hex(), "values": [float(v) for v in values.ravel()]})

with open("Tests/LoomTextTests/Fixtures/Transformer/quant-blocks.json", "w") as out:
    json.dump(cases, out, separators=(",", ":"))
print("wrote", len(cases), "types")
