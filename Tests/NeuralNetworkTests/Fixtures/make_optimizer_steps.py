"""Writes optimizer_steps.json: parameter values after each step of torch.optim.SGD and
torch.optim.AdamW on a tiny problem, for Tests/NeuralNetworkTests/TorchOptimizerTests.swift.

Run once with PyTorch 2.x:  python make_optimizer_steps.py  (writes beside this file).
Two parameter groups (a "weight" [2, 3] and a "bias" [3]) with their own lr and weight decay,
as upstream builds them (spec/training.md §4); loss = sum(c * (w - target)^2) in float64; the
learning rates are scaled by 0.5 after step 2, as a per-epoch schedule does.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
WEIGHT = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
BIAS = [0.1, -0.2, 0.3]
TARGET_W = [[0.0, 1.0, -1.0], [2.0, 0.0, 0.5]]
TARGET_B = [1.0, 0.0, -1.0]
SCALE_W = [[1.0, 2.0, 0.5], [3.0, 1.0, 0.25]]
SCALE_B = [0.5, 1.0, 2.0]
STEPS = 5
GROUPS = [  # name, lr, weight decay
    ("weight", 0.05, 5e-4),
    ("bias", 0.1, 0.01),
]


def run(make):
    w = torch.tensor(WEIGHT, requires_grad=True)
    b = torch.tensor(BIAS, requires_grad=True)
    params = {"weight": w, "bias": b}
    groups = [{"params": [params[n]], "lr": lr, "weight_decay": wd} for n, lr, wd in GROUPS]
    opt = make(groups)
    values = []
    for step in range(STEPS):
        if step == 2:
            for g, (_, lr, _) in zip(opt.param_groups, GROUPS):
                g["lr"] = lr * 0.5
        opt.zero_grad()
        loss = (torch.tensor(SCALE_W) * (w - torch.tensor(TARGET_W)) ** 2).sum() + (
            torch.tensor(SCALE_B) * (b - torch.tensor(TARGET_B)) ** 2
        ).sum()
        loss.backward()
        opt.step()
        values.append({"weight": w.detach().flatten().tolist(), "bias": b.detach().tolist()})
    return values


fixture = {
    "torch": torch.__version__,
    "weight": WEIGHT, "bias": BIAS, "target_weight": TARGET_W, "target_bias": TARGET_B,
    "scale_weight": SCALE_W, "scale_bias": SCALE_B,
    "groups": [{"name": n, "lr": lr, "weight_decay": wd} for n, lr, wd in GROUPS],
    "lr_factor_from_step_3": 0.5,
    "sgd_momentum": 0.9,
    "sgd": run(lambda g: torch.optim.SGD(g, lr=0.0, momentum=0.9)),
    "adamw": run(lambda g: torch.optim.AdamW(g, lr=0.0)),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer_steps.json")
with open(path, "w") as f:
    json.dump(fixture, f, indent=1)
print("wrote", path)
