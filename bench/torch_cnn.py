#!/usr/bin/python3
"""The two convolutional networks of lab/testdata in PyTorch, trained on
the full Fashion-MNIST set, for comparison with nnlab.

lenet (fashion-lenet.yaml): Conv2d(1, 6, 5, padding=2), ReLU, MaxPool2d(2),
Conv2d(6, 16, 5), ReLU, MaxPool2d(2), Flatten, Linear(400, 120), ReLU,
Linear(120, 84), ReLU, Linear(84, 10).
cnn (fashion-cnn.yaml): Conv2d(1, 32, 3, padding=1), ReLU, MaxPool2d(2),
Conv2d(32, 64, 3, padding=1), ReLU, MaxPool2d(2), Flatten,
Linear(3136, 128), ReLU, Dropout(0.25), Linear(128, 10).

Both: PyTorch's default initialization, CrossEntropyLoss, Adam (lr 1e-3),
batch 64, the training images shuffled every epoch (torch.manual_seed), the
pixels scaled to [0, 1] per batch as nnlab does. Evaluation on the 10,000
test images in eval mode. Epoch times cover the training steps only (data
loading and evaluation excluded, as in lab's BenchmarkLeNetEpoch).

Prints one JSON line: {"arch", "seed", "epochs", "dtype", "threads",
"test_acc", "test_loss", "epoch_seconds": [...]}.

Usage: /usr/bin/python3 bench/torch_cnn.py --arch lenet|cnn [--seed N]
       [--epochs N] [--dtype float32|float64] [--threads N]
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


def images(name):
    return torch.from_numpy(load(name, 16).reshape(-1, 1, 28, 28).copy())


def labels(name):
    return torch.from_numpy(load(name, 8).astype(np.int64))


def build(arch):
    nn = torch.nn
    if arch == "lenet":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", choices=["lenet", "cnn"], required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dtype = getattr(torch, a.dtype)
    x, y = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    tx, ty = images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")
    model = build(a.arch).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    times = []
    for _ in range(a.epochs):
        model.train()
        perm = torch.randperm(len(y))
        start = time.perf_counter()
        for i in range(0, len(y), a.batch):
            idx = perm[i:i + a.batch]
            xb = x[idx].to(dtype) / 255
            opt.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    model.eval()
    correct, loss_sum = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(ty), 1000):
            out = model(tx[i:i + 1000].to(dtype) / 255)
            loss_sum += torch.nn.functional.cross_entropy(out, ty[i:i + 1000], reduction="sum").item()
            correct += (out.argmax(1) == ty[i:i + 1000]).sum().item()
    print(json.dumps({"arch": a.arch, "seed": a.seed, "epochs": a.epochs, "dtype": a.dtype, "threads": a.threads,
                      "test_acc": correct / len(ty), "test_loss": loss_sum / len(ty), "epoch_seconds": times}))


if __name__ == "__main__":
    main()
