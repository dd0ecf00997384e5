#!/usr/bin/python3
"""One LeNet-style training step in PyTorch, timed, for comparison with nn's
BenchmarkLeNetStep.

Conv 5x5 6 filters padding 2, ReLU, max pool 2, conv 5x5 16, ReLU, max pool
2, flatten, Linear 120, ReLU, 84, ReLU, 10; CrossEntropyLoss, Adam (lr 1e-3);
batch 64 of the first real Fashion-MNIST training images scaled to [0, 1]
(/usr/share/datasets/fashion-mnist). Each step is zero_grad, forward,
backward, step. Prints one JSON line: {"dtype": "float64", "threads": 1,
"ms_per_step": ...}, the median of --repeat timed runs of at least
--min-time seconds each; with --cpu the time is the process's CPU time
(steadier than wall time on a shared machine, the same for one thread).

Usage: /usr/bin/python3 bench/torch_lenet.py [--dtype float64|float32]
       [--threads N] [--min-time SECONDS] [--repeat N] [--cpu]
"""

import argparse
import gzip
import json
import statistics
import time

import torch

from torch_step import adam_step

DIR = "/usr/share/datasets/fashion-mnist"


def fashion(n):
    with gzip.open(DIR + "/train-images-idx3-ubyte.gz") as f:
        pix = f.read()[16:16 + n * 784]
    with gzip.open(DIR + "/train-labels-idx1-ubyte.gz") as f:
        lab = f.read()[8:8 + n]
    x = torch.tensor(list(pix), dtype=torch.float64).reshape(n, 1, 28, 28) / 255
    return x, torch.tensor(list(lab), dtype=torch.long)


def build(dtype):
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(16 * 5 * 5, 120), torch.nn.ReLU(),
        torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10),
    ).to(dtype)
    x, y = fashion(64)
    return adam_step(model, x.to(dtype), y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-time", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--cpu", action="store_true")
    a = ap.parse_args()
    clock = time.process_time if a.cpu else time.perf_counter
    torch.set_num_threads(a.threads)
    step = build(getattr(torch, a.dtype))
    for _ in range(5):
        step()
    runs = []
    for _ in range(a.repeat):
        n, t0 = 0, clock()
        while True:
            step()
            n += 1
            dt = clock() - t0
            if dt >= a.min_time:
                break
        runs.append(dt / n * 1000)
    print(json.dumps({"dtype": a.dtype, "threads": a.threads, "ms_per_step": statistics.median(runs)}))


if __name__ == "__main__":
    main()
