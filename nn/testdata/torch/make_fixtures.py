#!/usr/bin/python3
"""Generate the PyTorch parity fixtures for package nn.

Run with Debian's python3-torch (CPU, float64, one thread):

    /usr/bin/python3 nn/testdata/torch/make_fixtures.py

Every case is a small fully connected network started from explicit seeded
weights (stored out x in, as nn.Linear stores them), trained for a fixed
number of steps on stored data (full batch, or a stored cycle of mini-batches:
step t uses batches[t % len(batches)]). The fixture records, for every step,
the learning rate and momentum in force, the loss as a training loop prints it
(data loss plus any L1/L2 penalty, computed before the update), and at the end
the weights and biases. nn/parity_test.go replays each case with package nn.

Floats are written by json (Python's repr), which round-trips float64 exactly.
"""

import json
import math
import os
import random
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# PyTorch defaults, as nn.DefaultOptimizerConfig has them.
DEFAULT_OPT = {
    "sgd": dict(momentum=0.0, nesterov=False, weight_decay=0.0),
    "rmsprop": dict(momentum=0.0, weight_decay=0.0, alpha=0.99, eps=1e-8),
    "adagrad": dict(weight_decay=0.0, eps=1e-10),
    "adam": dict(momentum=0.9, weight_decay=0.0, beta2=0.999, eps=1e-8),
    "adamw": dict(momentum=0.9, weight_decay=0.01, beta2=0.999, eps=1e-8),
}


def case(name, sizes, hidden, output, loss, opt, lr, steps=25, seed=None,
         n=12, batches=None, residual=(), l1=0.0, l2=0.0, schedule=None,
         ramp=None, targets=None):
    """Describe one case. sizes is [inputs, hidden..., outputs]; hidden is the
    hidden layers' activation; residual lists hidden layer indices that are
    residual; opt is a dict with "kind" and options overriding DEFAULT_OPT;
    targets is "labels" or "y" (default: labels for cross_entropy and hinge,
    y otherwise)."""
    o = dict(DEFAULT_OPT[opt["kind"]])
    o.update({k: v for k, v in opt.items() if k != "kind"})
    o["kind"] = opt["kind"]
    if targets is None:
        targets = "labels" if loss in ("cross_entropy", "hinge") else "y"
    return dict(name=name, sizes=sizes, hidden=hidden, output=output, loss=loss,
                optimizer=o, lr=lr, steps=steps,
                seed=seed if seed is not None else abs(hash_name(name)),
                n=n, batches=batches, residual=list(residual), l1=l1, l2=l2,
                schedule=schedule or {"kind": "constant"}, ramp=ramp,
                targets=targets)


def hash_name(s):
    # A stable (unlike hash()) seed from the case name.
    h = 2166136261
    for c in s.encode():
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


MINI = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]  # a cycle of three mini-batches of 4
MINI_ODD = [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9, 11], [10]]  # uneven sizes, one of a single sample

CASES = [
    # --- SGD and its options ---
    case("sgd_plain", [3, 5, 4, 3], "sigmoid", "linear", "mse", {"kind": "sgd"}, 0.5),
    case("sgd_momentum", [3, 5, 4, 3], "tanh", "linear", "cross_entropy",
         {"kind": "sgd", "momentum": 0.9}, 0.1, batches=MINI),
    case("sgd_nesterov", [3, 5, 4, 3], "relu", "softmax", "cross_entropy",
         {"kind": "sgd", "momentum": 0.9, "nesterov": True}, 0.1),
    case("sgd_weight_decay", [3, 5, 4, 3], "leaky_relu", "linear", "hinge",
         {"kind": "sgd", "weight_decay": 0.01}, 0.2),
    case("sgd_momentum_weight_decay", [2, 4, 1], "tanh", "sigmoid", "bce",
         {"kind": "sgd", "momentum": 0.9, "weight_decay": 0.01}, 0.3, targets="labels",
         batches=MINI_ODD),
    # --- RMSprop ---
    case("rmsprop_plain", [3, 5, 4, 3], "linear", "sigmoid", "half_sse", {"kind": "rmsprop"}, 0.01,
         targets="labels"),
    case("rmsprop_momentum", [3, 5, 4, 2], "relu", "tanh", "mse",
         {"kind": "rmsprop", "momentum": 0.5, "alpha": 0.9, "eps": 1e-6}, 0.01, batches=MINI),
    case("rmsprop_weight_decay", [3, 5, 4, 3], "sigmoid", "softmax", "cross_entropy",
         {"kind": "rmsprop", "weight_decay": 0.01}, 0.01),
    # --- Adagrad ---
    case("adagrad_plain", [3, 5, 4, 2], "tanh", "linear", "mse", {"kind": "adagrad"}, 0.1),
    case("adagrad_weight_decay", [3, 5, 4, 3], "leaky_relu", "softmax", "cross_entropy",
         {"kind": "adagrad", "weight_decay": 0.01, "eps": 1e-6}, 0.1, batches=MINI),
    # --- Adam ---
    case("adam_plain", [3, 5, 4, 3], "relu", "linear", "cross_entropy", {"kind": "adam"}, 0.01),
    case("adam_weight_decay", [3, 5, 4, 2], "tanh", "sigmoid", "bce",
         {"kind": "adam", "weight_decay": 0.01}, 0.01),
    case("adam_betas", [3, 5, 4, 3], "sigmoid", "linear", "hinge",
         {"kind": "adam", "momentum": 0.8, "beta2": 0.99, "eps": 1e-6}, 0.02, batches=MINI),
    case("adam_beta1_ramp", [3, 5, 4, 3], "leaky_relu", "linear", "mse", {"kind": "adam"}, 0.01,
         ramp={"from": 0.5, "to": 0.95, "steps": 12}),
    # --- losses and output layers not covered above ---
    case("mse_tanh_output", [2, 4, 1], "relu", "tanh", "mse", {"kind": "sgd", "momentum": 0.5}, 0.1),
    case("mse_softmax_output", [3, 5, 3], "tanh", "softmax", "mse", {"kind": "sgd"}, 1.0,
         targets="labels"),
    case("half_sse_linear", [3, 5, 4, 2], "sigmoid", "linear", "half_sse", {"kind": "sgd"}, 0.05),
    case("hinge_tanh_output", [3, 5, 4, 3], "linear", "tanh", "hinge", {"kind": "sgd", "momentum": 0.9}, 0.05),
    case("softmax_two_classes", [2, 6, 2], "tanh", "softmax", "cross_entropy",
         {"kind": "sgd", "momentum": 0.9}, 0.1, n=9),
    case("bce_one_output_labels", [2, 4, 1], "sigmoid", "sigmoid", "bce", {"kind": "adam"}, 0.05,
         targets="labels"),
    # --- residual hidden layers ---
    case("residual_tanh", [3, 4, 4, 4, 3], "tanh", "linear", "cross_entropy",
         {"kind": "sgd", "momentum": 0.9}, 0.05, residual=[1, 2]),
    case("residual_relu", [3, 4, 4, 4, 2], "relu", "linear", "mse", {"kind": "adam"}, 0.01,
         residual=[1, 2], batches=MINI),
    # --- wider layers (the AVX2 kernels work in blocks of 8, 4 and 2 columns
    # and 4 rows; these widths and odd batch sizes reach every block and
    # every remainder) ---
    case("wide_adam", [5, 12, 9, 3], "relu", "softmax", "cross_entropy", {"kind": "adam"}, 0.01,
         n=13, batches=[[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]]),
    case("wide_residual", [8, 8, 8, 10], "tanh", "linear", "mse", {"kind": "sgd", "momentum": 0.9}, 0.05,
         n=11, residual=[1]),
    # --- L1/L2 penalties (on the weights only) ---
    case("penalty_l1", [3, 5, 4, 3], "tanh", "linear", "cross_entropy", {"kind": "sgd"}, 0.2, l1=1e-3),
    case("penalty_l2", [3, 5, 4, 3], "relu", "softmax", "cross_entropy", {"kind": "adam"}, 0.01, l2=1e-2),
    case("penalty_l1_l2", [3, 5, 4, 2], "sigmoid", "linear", "mse", {"kind": "rmsprop", "momentum": 0.5},
         0.005, l1=1e-3, l2=1e-2),
    # --- learning-rate schedules ---
    case("schedule_step", [3, 5, 4, 3], "tanh", "linear", "cross_entropy", {"kind": "sgd", "momentum": 0.9},
         0.1, schedule={"kind": "step", "step_size": 7, "gamma": 0.5}),
    case("schedule_exponential", [3, 5, 4, 3], "relu", "softmax", "cross_entropy", {"kind": "adam"}, 0.02,
         schedule={"kind": "exponential", "gamma": 0.9}),
    case("schedule_cosine", [3, 5, 4, 2], "sigmoid", "linear", "mse", {"kind": "sgd", "momentum": 0.9}, 0.2,
         schedule={"kind": "cosine", "t_max": 24, "lr_min": 0.01}),
    case("schedule_inverse_time", [3, 5, 4, 3], "leaky_relu", "linear", "hinge", {"kind": "adagrad"}, 0.1,
         schedule={"kind": "inverse_time", "k": 0.25}),
    # --- gradient clipping by global norm (clip_grad_norm_ before the step;
    # the rates are high enough that some steps are clipped and others not) ---
    case("clip_sgd_momentum", [3, 5, 4, 3], "tanh", "linear", "cross_entropy",
         {"kind": "sgd", "momentum": 0.9, "clip_norm": 0.5}, 0.2),
    case("clip_adam", [3, 6, 4, 2], "relu", "linear", "mse", {"kind": "adam", "clip_norm": 0.5}, 0.02,
         batches=MINI, l2=1e-2),
    # --- AdamW (decoupled weight decay) ---
    case("adamw_plain", [3, 5, 4, 3], "tanh", "softmax", "cross_entropy", {"kind": "adamw"}, 0.02),
    case("adamw_options", [3, 5, 4, 2], "leaky_relu", "linear", "mse",
         {"kind": "adamw", "weight_decay": 0.1, "momentum": 0.8, "beta2": 0.99, "eps": 1e-6}, 0.05,
         batches=MINI_ODD),
    # --- warmup, composed with every schedule kind ---
    case("warmup_constant", [3, 5, 4, 3], "sigmoid", "linear", "cross_entropy", {"kind": "sgd"}, 0.5,
         schedule={"kind": "constant", "warmup": 8}),
    case("warmup_step", [3, 5, 4, 3], "tanh", "linear", "mse", {"kind": "sgd", "momentum": 0.9}, 0.1,
         schedule={"kind": "step", "step_size": 5, "gamma": 0.5, "warmup": 10}),
    case("warmup_exponential", [3, 5, 4, 3], "relu", "softmax", "cross_entropy", {"kind": "adamw"}, 0.03,
         schedule={"kind": "exponential", "gamma": 0.95, "warmup": 6}),
    case("warmup_cosine", [3, 5, 4, 2], "leaky_relu", "linear", "mse",
         {"kind": "sgd", "momentum": 0.9, "clip_norm": 0.3}, 0.2,
         schedule={"kind": "cosine", "t_max": 24, "lr_min": 0.0, "warmup": 7}),
    case("warmup_inverse_time", [3, 5, 4, 2], "sigmoid", "linear", "mse", {"kind": "adagrad"}, 0.1,
         schedule={"kind": "inverse_time", "k": 0.25, "warmup": 5}),
]


def rnd_matrix(rng, rows, cols, lim):
    return [[rng.uniform(-lim, lim) for _ in range(cols)] for _ in range(rows)]


def make_case(c):
    rng = random.Random(c["seed"])
    sizes = c["sizes"]
    n_in, n_out = sizes[0], sizes[-1]
    # Weights like nn.Linear's default (U(±1/sqrt(in))), a little larger so
    # that every activation does something.
    ws, bs = [], []
    for i in range(len(sizes) - 1):
        lim = 1.5 / math.sqrt(sizes[i])
        ws.append(rnd_matrix(rng, sizes[i + 1], sizes[i], lim))
        bs.append([rng.uniform(-0.5, 0.5) for _ in range(sizes[i + 1])])
    n = c["n"]
    x = [[rng.gauss(0, 1) for _ in range(n_in)] for _ in range(n)]
    labels, y = None, None
    if c["targets"] == "labels":
        k = 2 if n_out == 1 else n_out
        labels = [rng.randrange(k) for _ in range(n)]
        labels[:k] = list(range(k))  # every class occurs
    else:
        if c["output"] == "tanh" or (c["output"] == "linear" and c["loss"] != "bce"):
            y = [[rng.uniform(-0.9, 0.9) for _ in range(n_out)] for _ in range(n)]
        else:  # probabilities for sigmoid/softmax outputs and bce
            y = [[rng.uniform(0.05, 0.95) for _ in range(n_out)] for _ in range(n)]

    fixture = {
        "name": c["name"],
        "inputs": n_in,
        "layers": [],
        "loss": c["loss"],
        "l1": c["l1"],
        "l2": c["l2"],
        "optimizer": c["optimizer"],
        "lr": c["lr"],
        "schedule": c["schedule"],
        "steps": c["steps"],
        "init": {"w": ws, "b": bs},
        "x": x,
    }
    for i, units in enumerate(sizes[1:]):
        last = i == len(sizes) - 2
        fixture["layers"].append({
            "units": units,
            "activation": c["output"] if last else c["hidden"],
            "residual": (not last) and i in c["residual"],
        })
    if labels is not None:
        fixture["labels"] = labels
    if y is not None:
        fixture["y"] = y
    if c["batches"] is not None:
        fixture["batches"] = c["batches"]
    if c["ramp"] is not None:
        fixture["momentum_ramp"] = c["ramp"]
    run_torch(fixture)
    return fixture


def activate(name, z):
    if name == "linear":
        return z
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return F.relu(z)
    if name == "leaky_relu":
        return F.leaky_relu(z, 0.01)
    if name == "softmax":
        return F.softmax(z, dim=1)
    raise ValueError(name)


def forward(params, layers, x):
    """Returns the output layer's logits z (the last Linear's output) and its
    activated output."""
    h = x
    z = None
    for (w, b), layer in zip(params, layers):
        z = F.linear(h, w, b)
        a = activate(layer["activation"], z)
        h = h + a if layer["residual"] else a
    return z, h


def data_loss(f, z, out, idx):
    loss = f["loss"]
    if loss == "cross_entropy":
        t = torch.tensor([f["labels"][i] for i in idx])
        return torch.nn.CrossEntropyLoss()(z, t)
    if loss == "hinge":
        t = torch.tensor([f["labels"][i] for i in idx])
        return torch.nn.MultiMarginLoss()(out, t)
    # Targets: y, or one-hot labels (the label itself for one output).
    if "y" in f:
        t = torch.tensor([f["y"][i] for i in idx], dtype=out.dtype)
    else:
        lab = torch.tensor([f["labels"][i] for i in idx])
        if out.shape[1] == 1:
            t = lab.to(out.dtype).unsqueeze(1)
        else:
            t = F.one_hot(lab, out.shape[1]).to(out.dtype)
    if loss == "mse":
        return torch.nn.MSELoss()(out, t)
    if loss == "bce":
        return torch.nn.BCELoss()(out, t)
    if loss == "half_sse":
        return 0.5 * ((out - t) ** 2).sum(1).mean()
    raise ValueError(loss)


def make_optimizer(o, params, lr):
    flat = [p for wb in params for p in wb]
    k = o["kind"]
    if k == "sgd":
        return torch.optim.SGD(flat, lr=lr, momentum=o["momentum"], nesterov=o["nesterov"],
                               weight_decay=o["weight_decay"])
    if k == "rmsprop":
        return torch.optim.RMSprop(flat, lr=lr, alpha=o["alpha"], eps=o["eps"],
                                   momentum=o["momentum"], weight_decay=o["weight_decay"])
    if k == "adagrad":
        return torch.optim.Adagrad(flat, lr=lr, eps=o["eps"], weight_decay=o["weight_decay"])
    if k == "adam":
        return torch.optim.Adam(flat, lr=lr, betas=(o["momentum"], o["beta2"]), eps=o["eps"],
                                weight_decay=o["weight_decay"])
    if k == "adamw":
        return torch.optim.AdamW(flat, lr=lr, betas=(o["momentum"], o["beta2"]), eps=o["eps"],
                                 weight_decay=o["weight_decay"])
    raise ValueError(k)


def make_scheduler(s, opt):
    """torch's scheduler for nn's schedule s. A warmup of W steps is
    LinearLR(start_factor=1/W, total_iters=W-1) chained with the kind's
    scheduler (ChainedScheduler multiplies their factors; cosine only with
    lr_min 0, where its recursive form is a pure factor too), except for
    inverse_time, a LambdaLR, which gets the warmup factor in its lambda."""
    w = s.get("warmup", 0)
    if w > 1:
        k = s["kind"]
        if k == "inverse_time":
            kk = s["k"]
            return torch.optim.lr_scheduler.LambdaLR(opt, lambda t: min(1.0, (t + 1) / w) / (1 + kk * t))
        if k == "cosine" and s["lr_min"] != 0:
            raise ValueError("warmup with cosine: torch's chain is a product only with lr_min 0")
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1 / w, end_factor=1.0, total_iters=w - 1)
        rest = make_scheduler(dict(s, warmup=0), opt)
        if rest is None:
            return warm
        return torch.optim.lr_scheduler.ChainedScheduler([warm, rest])
    k = s["kind"]
    if k == "constant":
        return None
    if k == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    if k == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=s["gamma"])
    if k == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s["t_max"], eta_min=s["lr_min"])
    if k == "inverse_time":
        kk = s["k"]
        return torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 1 / (1 + kk * t))
    raise ValueError(k)


def ramp_at(r, t):
    # nn.Ramp.At, in the same order of operations.
    if r["steps"] <= 0 or t >= r["steps"]:
        return r["to"]
    return r["from"] + (r["to"] - r["from"]) * t / r["steps"]


def run_torch(f):
    params = [(torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True))
              for w, b in zip(f["init"]["w"], f["init"]["b"])]
    x_all = torch.tensor(f["x"])
    n = len(f["x"])
    batches = f.get("batches") or [list(range(n))]
    o = f["optimizer"]
    opt = make_optimizer(o, params, f["lr"])
    sched = make_scheduler(f["schedule"], opt)
    l1, l2 = f["l1"], f["l2"]
    losses, lrs, momenta = [], [], []
    clipped = 0
    for t in range(f["steps"]):
        group = opt.param_groups[0]
        if "momentum_ramp" in f:
            group["betas"] = (ramp_at(f["momentum_ramp"], t), group["betas"][1])
        if o["kind"] in ("adam", "adamw"):
            momenta.append(group["betas"][0])
        else:
            momenta.append(group.get("momentum", 0.0))
        lrs.append(group["lr"])
        idx = batches[t % len(batches)]
        opt.zero_grad()
        z, out = forward(params, f["layers"], x_all[idx])
        loss = data_loss(f, z, out, idx)
        if l1 or l2:
            for w, _ in params:
                loss = loss + l1 * w.abs().sum() + l2 / 2 * (w * w).sum()
        loss.backward()
        if o.get("clip_norm", 0) > 0:
            total = torch.nn.utils.clip_grad_norm_([p for wb in params for p in wb], o["clip_norm"])
            clipped += int(total.item() > o["clip_norm"])
        opt.step()
        if sched is not None:
            sched.step()
        losses.append(loss.item())
    if clipped:
        print(f"{f['name']}: clipped {clipped} of {f['steps']} steps")
    f["lrs"] = lrs
    f["momenta"] = momenta
    f["losses"] = losses
    f["final"] = {"w": [w.detach().tolist() for w, _ in params],
                  "b": [b.detach().tolist() for _, b in params]}


# --- layer kinds: conv2d, pools, flatten, batch_norm (nn.Conv2d etc.) ---
#
# A kinds case lists its layers as dicts: {"kind": "dense", "units", "activation",
# "bias"}, {"kind": "conv2d", "filters", "kernel": [kh, kw], "stride", "padding",
# "activation", "bias"}, {"kind": "max_pool2d" | "avg_pool2d", "kernel", "stride"},
# {"kind": "flatten"}, {"kind": "batch_norm", "activation"}. Tensors (init and
# final) are per layer {name: flat list} with PyTorch's state_dict names;
# batch_norm's include running_mean and running_var. After training the case
# records eval_loss, the loss on all samples in evaluation mode (running
# statistics). float32 cases run torch in float32 and record no final tensors
# (they are checked on their losses).


def dense(units, act="linear", bias=True):
    return {"kind": "dense", "units": units, "activation": act, "bias": bias}


def conv(filters, kh, kw, act="linear", stride=1, padding=0, bias=True):
    return {"kind": "conv2d", "filters": filters, "kernel": [kh, kw], "stride": stride,
            "padding": padding, "activation": act, "bias": bias}


def pool(kind, k, stride=0):
    return {"kind": kind, "kernel": [k, k], "stride": stride}


def bn(act="linear"):
    return {"kind": "batch_norm", "activation": act}


FLATTEN = {"kind": "flatten"}

LENET = [conv(4, 5, 5, "relu", padding=2), pool("max_pool2d", 2), conv(8, 3, 3, "relu"),
         pool("max_pool2d", 2), FLATTEN, dense(16, "relu"), dense(12, "relu"), dense(10, "softmax")]
MINI8 = [[0, 1, 2, 3], [4, 5, 6, 7]]


def kcase(name, input_shape, layers, loss, opt, lr, n=8, batches=None, steps=25,
          precision="float64"):
    o = dict(DEFAULT_OPT[opt["kind"]])
    o.update({k: v for k, v in opt.items() if k != "kind"})
    o["kind"] = opt["kind"]
    return dict(name=name, input=input_shape, layers=layers, loss=loss, optimizer=o, lr=lr,
                n=n, batches=batches, steps=steps, precision=precision, seed=hash_name(name))


SGDM = {"kind": "sgd", "momentum": 0.9}
ADAM = {"kind": "adam"}

KIND_CASES = []
for _o, _lr, _tag in ((SGDM, 0.05, "sgd"), (ADAM, 0.01, "adam")):
    KIND_CASES += [
        kcase("conv_stride_pad_" + _tag, [2, 7, 7], [conv(3, 3, 2, "relu", stride=2, padding=1), FLATTEN,
              dense(3, "softmax")], "cross_entropy", _o, _lr),
        kcase("max_pool_" + _tag, [1, 8, 8], [conv(4, 3, 3, "relu", padding=1), pool("max_pool2d", 2),
              FLATTEN, dense(3)], "cross_entropy", _o, _lr, batches=MINI8),
        kcase("avg_pool_" + _tag, [2, 6, 5], [conv(3, 3, 3, "tanh"), pool("avg_pool2d", 2, stride=1),
              FLATTEN, dense(2, "sigmoid")], "mse", _o, _lr),
        kcase("bn_dense_" + _tag, [6, 1, 1], [dense(8, bias=False), bn("relu"), dense(5, "tanh"), bn(),
              dense(3)], "cross_entropy", _o, _lr, n=12, batches=MINI),
        kcase("bn_conv_" + _tag, [2, 6, 6], [conv(4, 3, 3, bias=False), bn("relu"), pool("max_pool2d", 2),
              FLATTEN, dense(3, "softmax")], "cross_entropy", _o, _lr, batches=MINI8),
        kcase("lenet_" + _tag, [1, 12, 12], LENET, "cross_entropy", _o, _lr / 2, batches=MINI8),
    ]
KIND_CASES += [
    kcase("f32_lenet_adam", [1, 12, 12], LENET, "cross_entropy", ADAM, 0.005, batches=MINI8, precision="float32"),
    kcase("f32_bn_conv_sgd", [2, 6, 6], [conv(4, 3, 3, bias=False), bn("relu"), pool("avg_pool2d", 2),
          FLATTEN, dense(3, "softmax")], "cross_entropy", SGDM, 0.05, batches=MINI8, precision="float32"),
    kcase("f32_mlp_adam", [10, 1, 1], [dense(16, "tanh"), dense(12, "relu"), dense(4, "softmax")],
          "cross_entropy", ADAM, 0.01, n=12, batches=MINI, precision="float32"),
    kcase("f32_bn_dense_rmsprop", [6, 1, 1], [dense(8, "sigmoid"), bn("tanh"), dense(2, "sigmoid")],
          "bce", {"kind": "rmsprop"}, 0.01, n=12, precision="float32"),
    kcase("f32_mlp_adamw", [10, 1, 1], [dense(16, "tanh"), dense(12, "relu"), dense(4, "softmax")],
          "cross_entropy", {"kind": "adamw", "weight_decay": 0.1}, 0.01, n=12, batches=MINI, precision="float32"),
]


def shapes_of(input_shape, layers):
    """The output shape of every layer, as nn.Shapes computes it."""
    c, h, w = input_shape
    out = []
    for l in layers:
        k = l["kind"]
        if k == "dense":
            c, h, w = l["units"], 1, 1
        elif k in ("conv2d", "max_pool2d", "avg_pool2d"):
            kh, kw = l["kernel"]
            s = l.get("stride") or (1 if k == "conv2d" else kh)
            p = l.get("padding", 0)
            h, w = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
            if k == "conv2d":
                c = l["filters"]
        elif k == "flatten":
            c, h, w = c * h * w, 1, 1
        out.append((c, h, w))
    return out


def make_kind_case(c):
    rng = random.Random(c["seed"])
    shapes = shapes_of(c["input"], c["layers"])
    tensors = []
    prev = c["input"]
    for l, shape in zip(c["layers"], shapes):
        t = {}
        k = l["kind"]
        if k in ("dense", "conv2d"):
            fan_in = prev[0] if k == "dense" else prev[0] * l["kernel"][0] * l["kernel"][1]
            count = shape[0] * fan_in
            lim = 1.5 / math.sqrt(fan_in)
            t["weight"] = [round(rng.uniform(-lim, lim), 4) for _ in range(count)]
            if l["bias"]:
                t["bias"] = [round(rng.uniform(-0.3, 0.3), 4) for _ in range(shape[0])]
        elif k == "batch_norm":
            ch = prev[0]
            t["weight"] = [round(rng.uniform(0.5, 1.5), 4) for _ in range(ch)]
            t["bias"] = [round(rng.uniform(-0.3, 0.3), 4) for _ in range(ch)]
            t["running_mean"] = [0.0] * ch
            t["running_var"] = [1.0] * ch
        tensors.append(t)
        prev = shape
    n = c["n"]
    size = c["input"][0] * c["input"][1] * c["input"][2]
    # Images in [0, 1), like pixels. Data and starting values are short
    # decimals (each side reads the same double from them) to keep the
    # files small; what torch computes is written in full.
    x = [[round(rng.random(), 3) for _ in range(size)] for _ in range(n)]
    n_out = shapes[-1][0]
    fixture = {
        "name": c["name"], "input": c["input"], "precision": c["precision"],
        "inputs": size, "layers": c["layers"], "loss": c["loss"], "l1": 0.0, "l2": 0.0,
        "optimizer": c["optimizer"], "lr": c["lr"], "schedule": {"kind": "constant"},
        "steps": c["steps"], "init": {"tensors": tensors}, "x": x,
    }
    if c["loss"] in ("cross_entropy", "hinge"):
        labels = [rng.randrange(n_out) for _ in range(n)]
        labels[:n_out] = list(range(min(n, n_out)))
        fixture["labels"] = labels
    else:
        fixture["y"] = [[round(rng.uniform(0.05, 0.95), 3) for _ in range(n_out)] for _ in range(n)]
    if c["batches"] is not None:
        fixture["batches"] = c["batches"]
    run_torch_kinds(fixture)
    return fixture


def forward_kinds(ts, layers, x, train):
    """Returns the last layer's logits and its activated output."""
    h, z = x, None
    for t, l in zip(ts, layers):
        k = l["kind"]
        if k == "dense":
            z = F.linear(h.reshape(h.shape[0], -1), t["weight"], t.get("bias"))  # a C×1×1 input is flat
            h = activate(l["activation"], z)
        elif k == "conv2d":
            z = F.conv2d(h, t["weight"], t.get("bias"), stride=l["stride"] or 1, padding=l["padding"])
            h = activate(l["activation"], z)
        elif k == "max_pool2d":
            h = F.max_pool2d(h, l["kernel"], l["stride"] or None)
        elif k == "avg_pool2d":
            h = F.avg_pool2d(h, l["kernel"], l["stride"] or None)
        elif k == "flatten":
            h = torch.flatten(h, 1)
        elif k == "batch_norm":
            h = F.batch_norm(h, t["running_mean"], t["running_var"], t["weight"], t["bias"],
                             training=train, momentum=0.1, eps=1e-5)
            h = activate(l["activation"], h)
    return z, h


def run_torch_kinds(f):
    dtype = torch.float32 if f["precision"] == "float32" else torch.float64
    shapes = shapes_of(f["input"], f["layers"])
    ts = []
    prev = f["input"]
    for t, l, shape in zip(f["init"]["tensors"], f["layers"], shapes):
        tt = {}
        for name, v in t.items():
            v = torch.tensor(v, dtype=dtype)
            if name == "weight" and l["kind"] == "dense":
                v = v.reshape(shape[0], prev[0])
            elif name == "weight" and l["kind"] == "conv2d":
                v = v.reshape(shape[0], prev[0], l["kernel"][0], l["kernel"][1])
            tt[name] = v.requires_grad_(name in ("weight", "bias"))
        ts.append(tt)
        prev = shape
    x_all = torch.tensor(f["x"], dtype=dtype).reshape(len(f["x"]), *f["input"])
    batches = f.get("batches") or [list(range(len(f["x"])))]
    params = [tt[name] for tt in ts for name in ("weight", "bias") if name in tt]
    opt = make_optimizer(f["optimizer"], [(p,) for p in params], f["lr"])
    losses = []
    for t in range(f["steps"]):
        idx = batches[t % len(batches)]
        opt.zero_grad()
        z, out = forward_kinds(ts, f["layers"], x_all[idx], True)
        loss = data_loss(f, z, out, idx)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        idx = list(range(len(f["x"])))
        z, out = forward_kinds(ts, f["layers"], x_all, False)
        f["eval_loss"] = data_loss(f, z, out, idx).item()
    f["losses"] = losses
    f["lrs"] = [f["lr"]] * f["steps"]
    mom = f["optimizer"].get("momentum", 0.0)
    f["momenta"] = [mom] * f["steps"]
    if f["precision"] == "float64":
        f["final"] = {"tensors": [{name: v.detach().reshape(-1).tolist() for name, v in tt.items()} for tt in ts]}


def main():
    names = set(sys.argv[1:])
    total = 0
    for c in CASES + KIND_CASES:
        if names and c["name"] not in names:
            continue
        f = make_kind_case(c) if "input" in c else make_case(c)
        path = os.path.join(OUT_DIR, c["name"] + ".json")
        text = json.dumps(f, separators=(",", ":")) + "\n"
        with open(path, "w") as fh:
            fh.write(text)
        total += len(text)
        print(f"{c['name']:28s} loss {f['losses'][0]:.6g} -> {f['losses'][-1]:.6g}")
    print(f"{total} bytes in all")


if __name__ == "__main__":
    main()
