#!/usr/bin/python3
"""One epoch of the unit's Fashion-MNIST network in PyTorch, timed.

784-256-128-10, ReLU, CrossEntropyLoss, Adam 1e-3, batch 128, shuffled,
float64, one thread; data loading excluded, as in lab's BenchmarkFashionEpoch.
Prints {"epoch_seconds": [...]} for --repeat epochs.
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch

DIR = "/usr/share/datasets/fashion-mnist"


def load(name, offset):
    with gzip.open(f"{DIR}/{name}.gz") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x = torch.from_numpy(load("train-images-idx3-ubyte", 16).reshape(-1, 784).copy())
    y = torch.from_numpy(load("train-labels-idx1-ubyte", 8).astype(np.int64))
    times = []
    for _ in range(args.repeat):
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10)).double()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = torch.nn.CrossEntropyLoss()
        perm = torch.randperm(len(y))
        start = time.perf_counter()
        for i in range(0, len(y), 128):
            idx = perm[i:i + 128]
            xb = x[idx].double() / 255  # bytes scaled per batch, as nnlab does
            opt.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    print(json.dumps({"epoch_seconds": times}))


if __name__ == "__main__":
    main()
