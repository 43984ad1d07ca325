#!/usr/bin/env python3
"""Loads a checkpoint AIRS wrote into upstream's network in PyTorch with strict=True, the way a
user would: safetensors.torch.load_file, the `student.` prefix stripped.

Usage: /work/venv-torch/bin/python Tests/Fixtures/PyTorch/load_airs_checkpoint.py \
           FILE.safetensors ResNet18|MobileNetV3_Small CLASSES
"""
import sys

import safetensors.torch
import torch

import upstream_networks as upstream


def main(path, network, classes):
    tensors = safetensors.torch.load_file(path)
    state = {k[len("student."):] if k.startswith("student.") else k: v for k, v in tensors.items()}
    build = {"ResNet18": upstream.ResNet18, "MobileNetV3_Small": upstream.MobileNetV3Small}[network]
    model = build(num_classes=classes, last_stride=1)
    result = model.load_state_dict(state, strict=True)
    dtypes = sorted({str(v.dtype) for v in state.values()})
    tracked = {str(v.dtype) for k, v in state.items() if k.endswith("num_batches_tracked")}
    print(f"{path}: {network}, {len(state)} tensors, load_state_dict(strict=True): {result}")
    print(f"  dtypes {dtypes}; num_batches_tracked {sorted(tracked)}")
    model.eval()
    with torch.no_grad():
        _, feats = model(torch.zeros(1, 3, 32, 32))
    print(f"  forward ok: pooled_feat {list(feats['pooled_feat'].shape)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
