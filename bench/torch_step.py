#!/usr/bin/python3
"""One training step in PyTorch, timed, for comparison with nn's BenchmarkStep.

One thread; nn.Sequential of Linear/ReLU, CrossEntropyLoss, Adam (lr
1e-3); each step is zero_grad, forward, backward, step, on the batches
BenchmarkStep builds (real data: circle-set points for 2 inputs,
Fashion-MNIST images for 784, the images shrunk to 8x8 for 64). Prints
steps/s per shape as JSON: {"2-8-8-2_b200": 1234.5, ...} (names as in
nn/bench_test.go).

Usage: /usr/bin/python3 bench/torch_step.py [--dtype float64|float32]
       [--min-time SECONDS] [--repeat N]
The reported rate is the median of N timed runs of at least SECONDS each.
"""

import argparse
import gzip
import json
import math
import statistics
import sys
import time

import torch

FASHION = "/usr/share/datasets/fashion-mnist"

SHAPES = [
    ([2, 8, 8, 2], 200),
    ([2, 16, 16, 16, 2], 32),
    ([64, 128, 64, 10], 64),
    ([784, 256, 128, 10], 128),
]


def name(sizes, batch):
    return "-".join(map(str, sizes)) + f"_b{batch}"


def data(inputs, n):
    """The batch of nn/bench_test.go's stepShape.data, as float64."""
    if inputs == 2:
        xs, ys = [], []
        for i in range(n):
            c = i % 2
            u = math.fmod((i + 1) * 0.6180339887498949, 1)
            v = math.fmod((i + 1) * 0.7548776662466927, 1)
            r = math.sqrt(0.49 + 0.51 * u) if c else 0.5 * math.sqrt(u)
            xs.append([r * math.cos(2 * math.pi * v), r * math.sin(2 * math.pi * v)])
            ys.append(c)
        return torch.tensor(xs, dtype=torch.float64), torch.tensor(ys)
    with gzip.open(FASHION + "/train-images-idx3-ubyte.gz") as f:
        pix = torch.tensor(list(f.read()[16:16 + n * 784]), dtype=torch.float64).reshape(n, 28, 28)
    with gzip.open(FASHION + "/train-labels-idx1-ubyte.gz") as f:
        lab = torch.tensor(list(f.read()[8:8 + n]))
    if inputs == 784:
        return pix.reshape(n, 784) / 255, lab
    small = pix[:, 2:26, 2:26].reshape(n, 8, 3, 8, 3).sum(dim=(2, 4)) / 9 / 255
    return small.reshape(n, 64), lab


def build(sizes, batch, dtype):
    g = torch.Generator().manual_seed(1)
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():  # He-normal weights, zero biases, as the Go side
            lin.weight.normal_(0, (2 / sizes[i]) ** 0.5, generator=g)
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dtype)
    x, y = data(sizes[0], batch)
    return adam_step(model, x.to(dtype), y)


def adam_step(model, x, y):
    """One training step of model on (x, y): cross-entropy, Adam lr 1e-3."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return step


def rate(step, min_time):
    """Steps per second over at least min_time seconds."""
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        dt = time.perf_counter() - t0
        if dt >= min_time:
            return n / dt
        # Aim 20% past min_time, growing at most 100x at once.
        n = max(n + 1, min(100 * n, int(n * 1.2 * min_time / max(dt, 1e-9))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--min-time", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    out = {}
    for sizes, batch in SHAPES:
        step = build(sizes, batch, getattr(torch, args.dtype))
        rate(step, 0.2)  # warm-up
        rates = [rate(step, args.min_time) for _ in range(args.repeat)]
        out[name(sizes, batch)] = statistics.median(rates)
        print(f"{name(sizes, batch)}: {[round(r, 1) for r in rates]}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
