#!/usr/bin/python3
"""One training step in PyTorch, timed, for comparison with nn's BenchmarkStep.

Float64, one thread; nn.Sequential of Linear/ReLU, CrossEntropyLoss, Adam
(lr 1e-3); each step is zero_grad, forward, backward, step. Prints steps/s
per shape as JSON: {"2-8-8-2_b200": 1234.5, ...} (names as in
nn/bench_test.go).

Usage: /usr/bin/python3 bench/torch_step.py [--min-time SECONDS] [--repeat N]
The reported rate is the median of N timed runs of at least SECONDS each.
"""

import argparse
import json
import statistics
import sys
import time

import torch

SHAPES = [
    ([2, 8, 8, 2], 200),
    ([2, 16, 16, 16, 2], 32),
    ([64, 128, 64, 10], 64),
    ([784, 256, 128, 10], 128),
]


def name(sizes, batch):
    return "-".join(map(str, sizes)) + f"_b{batch}"


def build(sizes, batch):
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
    model = torch.nn.Sequential(*layers)
    x = torch.randn(batch, sizes[0], generator=g)
    y = torch.randint(0, sizes[-1], (batch,), generator=g)
    return adam_step(model, x, y)


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
    ap.add_argument("--min-time", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    out = {}
    for sizes, batch in SHAPES:
        step = build(sizes, batch)
        rate(step, 0.2)  # warm-up
        rates = [rate(step, args.min_time) for _ in range(args.repeat)]
        out[name(sizes, batch)] = statistics.median(rates)
        print(f"{name(sizes, batch)}: {[round(r, 1) for r in rates]}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
