#!/usr/bin/env python3
"""Reference for `bench performance`: the flow-map sampling math of Diamond's default MLP in numpy.

X(t, t', x) = x + (t' - t) * phi(t, t', x) (spec 3.1), phi a residual SiLU MLP (spec 3.1: in -> width, `depth`
residual hidden layers, out), float32, rows processed in chunks. Prints one JSON line: seconds and rows per second of
the network math alone (no output written), the same work `diamond sample --method flowmap` does.
"""
import argparse
import json
import time

import numpy as np


def silu(z):
    return z / (1.0 + np.exp(-z))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=400_000)
    p.add_argument("--dim", type=int, default=2)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--chunk", type=int, default=8192)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    f32 = np.float32
    w_in = (rng.standard_normal((a.dim + 2, a.width)) / np.sqrt(a.dim + 2)).astype(f32)
    hidden = [((rng.standard_normal((a.width, a.width)) / np.sqrt(a.width)).astype(f32),
               np.zeros(a.width, f32)) for _ in range(a.depth)]
    b_in = np.zeros(a.width, f32)
    w_out = (rng.standard_normal((a.width, a.dim)) * 0.01).astype(f32)
    b_out = np.zeros(a.dim, f32)
    grid = np.linspace(0.0, 1.0, a.steps + 1)
    start = time.perf_counter()
    checksum = 0.0
    for lo in range(0, a.n, a.chunk):
        rows = min(a.chunk, a.n - lo)
        x = rng.standard_normal((rows, a.dim)).astype(f32)
        for i in range(a.steps):
            t, t_next = grid[i], grid[i + 1]
            inp = np.empty((rows, a.dim + 2), f32)
            inp[:, 0] = t
            inp[:, 1] = t_next
            inp[:, 2:] = x
            h = silu(inp @ w_in + b_in)
            for w, b in hidden:
                h = h + silu(h @ w + b)
            x = x + f32(t_next - t) * (h @ w_out + b_out)
        checksum += float(x.sum())
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rows": a.n * a.steps, "rows_per_second": a.n * a.steps / seconds,
                      "chunk": a.chunk, "checksum": checksum}))


if __name__ == "__main__":
    main()
