#!/usr/bin/env python3
"""Writes the PyTorch-made fixtures of the weights tests (Tests/TrainingTests/
PyTorchWeightsTests.swift). Needs torch and torchvision; deterministic (fixed seeds).

* resnet18_imagenet_format.pth: `torch.save` of a torchvision resnet18 state dict in the legacy
  (pre-zip) format, as torchvision's ImageNet file `resnet18-5c106cde.pth` is, `fc.*` included;
  random weights.
  To stay small (4.8 MB instead of 47 MB) every conv and fc weight is a float16 view into one
  shared storage, which torch.save writes once; batch-norm tensors are float32 and their running
  statistics those of a batch of random images, `num_batches_tracked` int64 as PyTorch keeps it.
* resnet18_image.npy: one [1, 3, 64, 64] float32 image.
* resnet18_pooled_feat.npy: [1, 512] float32, torchvision's resnet18 loaded from the file with
  upstream's changes (2x2 stem max-pool, layer4 stride 1), eval mode: the `pooled_feat` of the
  image.
* mobilenet_v3_small_imagenet_format.pth: the same for torchvision's mobilenet_v3_small (the
  format of `mobilenet_v3_small-047dcff4.pth`: `features.*` and `classifier.*`), weights of
  2-D and 4-D tensors as float16 views of one storage (1.2 MB); mobilenet_v3_small_pooled_feat.npy:
  [1, 576], upstream's MobileNetV3 backbone (module 9 stride 1) built from that file, on
  mobilenet_v3_small_image.npy ([1, 3, 64, 64]).
* teacher_upstream_NONE_1.pth: a teacher as upstream's trainer writes it (`torch.save` of the
  Vanilla distiller's state dict, keys `student.<name>`): upstream's MobileNetV3-Small retrieval
  network for 4 classes, last stride 1, float32; large weights share one storage (1.2 MB).

Run: /work/venv-torch/bin/python Tests/Fixtures/PyTorch/make_fixtures.py
"""
import os

import numpy as np
import torch
import torchvision

import upstream_networks as upstream

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(2026)


def shared_views(state, base, keys):
    """`state` with each tensor of `keys` replaced by a view into `base` at a varying offset."""
    out = dict(state)
    offset = 0
    for key in keys:
        n = state[key].numel()
        start = offset % (base.numel() - n + 1)
        out[key] = base[start:start + n].view(state[key].shape)
        offset += 7919
    return out


def imagenet_format_resnet18():
    net = torchvision.models.resnet18(weights=None)
    state = net.state_dict()
    big = [k for k, v in state.items() if v.dim() in (2, 4)]  # conv and fc weights
    base = (torch.randn(max(state[k].numel() for k in big)) * 0.05).half()
    saved = shared_views(state, base, big)
    with torch.no_grad():
        for name, module in net.named_modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0, 0.1)
        for key in big:
            state[key].copy_(saved[key].float())
    reference = upstream.resnet18_backbone(last_stride=1)
    reference.load_state_dict(net.state_dict())
    upstream.calibrate_batch_norms(reference, torch.randn(8, 3, 64, 64))
    for key, value in reference.state_dict().items():
        if key not in big:
            saved[key] = value.clone()
    # torchvision's resnet18-5c106cde.pth predates the zip format: write the legacy one too.
    torch.save(saved, os.path.join(HERE, "resnet18_imagenet_format.pth"),
               _use_new_zipfile_serialization=False)

    # The reference reads the file back, as a user's torchvision model would.
    check = upstream.resnet18_backbone(last_stride=1)
    check.load_state_dict(torch.load(os.path.join(HERE, "resnet18_imagenet_format.pth")), strict=True)
    check.eval()
    image = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        feat = upstream.pooled_feat(check, image)
    np.save(os.path.join(HERE, "resnet18_image.npy"), image.numpy().astype(np.float32))
    np.save(os.path.join(HERE, "resnet18_pooled_feat.npy"), feat.numpy().astype(np.float32))
    print("pooled_feat: mean %.4f, std %.4f, max %.4f" % (feat.mean(), feat.std(), feat.max()))


def imagenet_format_mobilenet_v3_small():
    net = torchvision.models.mobilenet_v3_small(weights=None)
    state = net.state_dict()
    big = [k for k, v in state.items() if v.dim() in (2, 4) and v.numel() > 4096]
    base = (torch.randn(max(state[k].numel() for k in big)) * 0.1).half()
    saved = shared_views(state, base, big)
    with torch.no_grad():
        for key in big:
            state[key].copy_(saved[key].float())
    upstream.calibrate_batch_norms(net.features, torch.rand(8, 3, 64, 64))
    for key, value in net.state_dict().items():
        if key not in big:
            saved[key] = value.clone()
    path = os.path.join(HERE, "mobilenet_v3_small_imagenet_format.pth")
    torch.save(saved, path)

    # Upstream's network takes torchvision's features after loading the ImageNet file.
    check = upstream.MobileNetV3Small(num_classes=4, last_stride=1)
    base_model = torchvision.models.mobilenet_v3_small(weights=None)
    base_model.load_state_dict(torch.load(path), strict=True)
    check.model.load_state_dict(base_model.features.state_dict(), strict=True)
    check.eval()
    image = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        _, feats = check(image)
    np.save(os.path.join(HERE, "mobilenet_v3_small_image.npy"), image.numpy().astype(np.float32))
    np.save(os.path.join(HERE, "mobilenet_v3_small_pooled_feat.npy"),
            feats["pooled_feat"].numpy().astype(np.float32))


def upstream_teacher():
    net = upstream.MobileNetV3Small(num_classes=4, last_stride=1)
    state = net.state_dict()
    big = [k for k, v in state.items() if v.dim() in (2, 4) and v.numel() > 4096]
    base = torch.randn(max(state[k].numel() for k in big)) * 0.1
    saved = shared_views(state, base, big)
    with torch.no_grad():
        for key in big:
            state[key].copy_(saved[key])
    upstream.calibrate_batch_norms(net, torch.rand(8, 3, 32, 32))
    for key, value in net.state_dict().items():
        if key not in big:
            saved[key] = value.clone()
    # processor/trainer.py saves `self.distiller.state_dict()`; a Vanilla distiller holds the
    # network as `student`.
    torch.save({"student." + k: v for k, v in saved.items()},
               os.path.join(HERE, "teacher_upstream_NONE_1.pth"))


if __name__ == "__main__":
    imagenet_format_resnet18()
    imagenet_format_mobilenet_v3_small()
    upstream_teacher()
    for name in sorted(os.listdir(HERE)):
        print(name, os.path.getsize(os.path.join(HERE, name)))
