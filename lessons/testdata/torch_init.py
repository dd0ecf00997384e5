"""Writes torch_init.json: what PyTorch's initializers draw for one layer, so
that lessons/claims_test.go can check lesson 6's table of names (lab name ->
PyTorch function) without torch. Run with Debian's torch:

    /usr/bin/python3 lessons/testdata/torch_init.py > lessons/testdata/torch_init.json

For each function: the sample variance and the largest |w| of 20 draws of a
fan_out x fan_in weight (nn.Linear's layout), in float64.
"""
import json
import math

import torch

FAN_IN, FAN_OUT, DRAWS = 300, 200, 20


def linear_default(w):
    # What nn.Linear(FAN_IN, FAN_OUT).reset_parameters() does to its weight.
    lin = torch.nn.Linear(FAN_IN, FAN_OUT).double()
    w.copy_(lin.weight.detach())


FUNCS = {
    "nn.Linear default": linear_default,
    "xavier_uniform_": torch.nn.init.xavier_uniform_,
    "xavier_normal_": torch.nn.init.xavier_normal_,
    "kaiming_uniform_(relu)": lambda w: torch.nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu"),
    "kaiming_normal_(relu)": lambda w: torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu"),
}


def main():
    torch.manual_seed(1)
    out = {"fan_in": FAN_IN, "fan_out": FAN_OUT, "draws": DRAWS, "torch": torch.__version__, "inits": {}}
    for name, fn in FUNCS.items():
        vals = []
        for _ in range(DRAWS):
            w = torch.empty(FAN_OUT, FAN_IN, dtype=torch.float64)
            with torch.no_grad():
                fn(w)
            vals.append(w.flatten())
        v = torch.cat(vals)
        out["inits"][name] = {"variance": v.var(unbiased=False).item(), "max_abs": v.abs().max().item()}
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
