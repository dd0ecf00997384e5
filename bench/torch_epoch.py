#!/usr/bin/python3
"""One epoch of a Fashion-MNIST network in PyTorch, timed, for comparison
with nnlab (bench/epochs.sh).

  mlp:   784-256-128-10, ReLU (lab/testdata/fashion-mlp.yaml), batch 128
  lenet: conv 5x5 6 filters padding 2, ReLU, max pool 2, conv 5x5 16, ReLU,
         max pool 2, flatten, 120, ReLU, 84, ReLU, 10
         (lab/testdata/fashion-lenet.yaml), batch 64

CrossEntropyLoss, Adam lr 1e-3, over the 60,000 real training images of
/usr/share/datasets/fashion-mnist, shuffled. Images are held as bytes and
each batch is gathered and scaled to [0, 1] in the timed loop, as nnlab
does; loading and building are not timed. Each step is zero_grad, forward,
backward, step. Prints one JSON line per epoch:
{"model": "mlp", "dtype": "float32", "threads": 1, "seconds": wall,
 "cpu_seconds": process CPU time, "steps": 469}.

Usage: /usr/bin/python3 bench/torch_epoch.py --model mlp|lenet
       [--dtype float64|float32] [--threads N] [--epochs N]
"""

import argparse
import gzip
import json
import time

import numpy as np
import torch

DIR = "/usr/share/datasets/fashion-mnist"
BATCH = {"mlp": 128, "lenet": 64}


def load(name, offset):
    with gzip.open(f"{DIR}/{name}.gz") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def model_of(name):
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=sorted(BATCH), required=True)
    ap.add_argument("--dtype", default="float32", choices=["float64", "float32"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dtype = getattr(torch, a.dtype)
    x = torch.from_numpy(load("train-images-idx3-ubyte", 16).reshape(-1, 1, 28, 28).copy())
    y = torch.from_numpy(load("train-labels-idx1-ubyte", 8).astype(np.int64))
    model = model_of(a.model).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = BATCH[a.model]
    for _ in range(a.epochs):
        perm = torch.randperm(len(y))
        wall, cpu = time.perf_counter(), time.process_time()
        steps = 0
        for i in range(0, len(y), batch):
            idx = perm[i:i + batch]
            xb = x[idx].to(dtype) / 255
            opt.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            opt.step()
            steps += 1
        print(json.dumps({"model": a.model, "dtype": a.dtype, "threads": a.threads,
                          "seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu,
                          "steps": steps}), flush=True)


if __name__ == "__main__":
    main()
