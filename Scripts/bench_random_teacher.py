#!/usr/bin/env python3
"""A randomly initialised teacher checkpoint that both upstream's trainer and AIRS load, for
timing a distillation step without trained weights (bench-cub-step.sh).

  bench_random_teacher.py --upstream UPSTREAM/AIR_Distiller --out FILE.pth --classes N
      [--network ResNet101] [--last-stride 1] [--seed 0]

Builds the network with upstream's own constructor (models.model_dict, pretrained=False:
PyTorch's default layer init and upstream's head init) for N training classes, as upstream's
tools/train.py builds a teacher, and saves its state_dict: upstream's train.py loads it with
load_state_dict (strict), AIRS with DISTILLER.TEACHER_MODEL_PATH.
"""
import argparse
import os
import sys

import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--upstream", required=True, help="upstream's AIR_Distiller directory")
    ap.add_argument("--out", required=True)
    ap.add_argument("--classes", type=int, required=True, help="training classes of the dataset")
    ap.add_argument("--network", default="ResNet101")
    ap.add_argument("--last-stride", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.upstream))
    import models  # upstream's package

    torch.manual_seed(a.seed)
    net = models.model_dict[a.network](pretrained=False, last_stride=a.last_stride, num_classes=a.classes)
    torch.save(net.state_dict(), a.out)
    print(f"wrote {a.out}: random {a.network}, last stride {a.last_stride}, {a.classes} classes, seed {a.seed}")


if __name__ == "__main__":
    main()
