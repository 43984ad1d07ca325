#!/usr/bin/env bash
# One config trained three ways — one process on 1 thread, one process on 2 threads, and
# `mpirun -np 2` (1 thread each) — and how far the split of the batch sets the runs apart: the
# largest relative difference of each logged loss term over the first STEPS steps (default 20)
# against the 1-thread run, the first step where it passes 1e-4, and the final mAP.
#   bash Scripts/compare-splits.sh OUT_ROOT Vanilla|D3|RKD [KEY VALUE…]
# e.g. with and without EXPERIMENT.REPRODUCIBLE True. The setting is DataParallelTrainingTests':
# MobileNetV3-Small at 32 px, a synthetic dataset of 6 training classes, 8 images a step, 4
# epochs of 5 steps, a seeded random ResNet18 teacher at 32 px (made here in OUT_ROOT).
# AIRS_BIN is the `airs` to run (default .build/debug/airs, from `swift build`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
root=$(realpath -m "$1")
method=$2
shift 2
airs=$(realpath "${AIRS_BIN:-.build/debug/airs}")
steps=${STEPS:-20}
mkdir -p "$root"
[ -d "$root/CUB_200_2011" ] || "$airs" dataset make-synthetic --out "$root/CUB_200_2011" \
    --classes 12 --per-class 8 --size 32 --seed 11 >/dev/null
[ -f "$root/teacher.safetensors" ] || "$airs" -c \
    "model(\"ResNet18\", classes: 6, seed: 7).save(\"$root/teacher.safetensors\")" >/dev/null
case $method in
Vanilla) config=Configs/Synthetic/Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml; extra=() ;;
D3 | RKD)
    config=Configs/Synthetic/ResNet18_64x64_MobileNetV3_32x32/$method.yaml
    extra=(DISTILLER.TEACHER_MODEL_PATH "$root/teacher.safetensors" INPUT.TEACHER_SIZE_TRAIN "[32, 32]"
        INPUT.TEACHER_SIZE_TEST "[32, 32]" INPUT.TEACHER_PADDING 1 D3.TOPK 4)
    ;;
*) echo "method must be Vanilla, D3 or RKD" >&2; exit 2 ;;
esac
settings=(DATASETS.ROOT_DIR "$root" OUTPUT_DIR.ROOT_PATH "$root/out" SOLVER.MAX_EPOCHS 4
    SOLVER.CHECKPOINT_PERIOD 4 SOLVER.EVAL_PERIOD 4 SOLVER.IMS_PER_BATCH 8 SOLVER.IMS_DISTILLATION_PER_BATCH 8
    DATALOADER.NUM_INSTANCE 2 DATALOADER.NUM_WORKERS 1 TEST.IMS_PER_BATCH 40 "${extra[@]}" "$@")
run() { # name, threads, then the launcher's words before `airs`
    local name=$1 threads=$2
    shift 2
    rm -rf "$root/out/$name"
    "$@" "$airs" train --cfg "$config" --threads "$threads" "${settings[@]}" OUTPUT_DIR.EXPERIMENT_NAME "$name" \
        >/dev/null
}
mpi=(mpirun --oversubscribe -np 2)
[ "$(id -u)" != 0 ] || mpi=(env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "${mpi[@]}")
run "$method-1thread" 1 env
run "$method-2threads" 2 env
run "$method-2ranks" 1 "${mpi[@]}"
python3 - "$root/out" "$method" "$steps" <<'PY'
import json, sys
out, method, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
def load(name):
    records = [json.loads(line) for line in open(f"{out}/{name}/losses.jsonl")]
    results = json.load(open(f"{out}/{name}/results.json"))
    return [r for r in records if r.get("kind") == "step"][:steps], results["mAP"]
reference, reference_map = load(f"{method}-1thread")
for other in ("2threads", "2ranks"):
    runs, mAP = load(f"{method}-{other}")
    worst, first = {}, None
    for step, (a, b) in enumerate(zip(reference, runs), 1):
        for key, value in a.items():
            if not key.startswith("loss"):
                continue
            gap = abs(value - b[key]) / max(abs(value), abs(b[key]), 1e-12)
            worst[key] = max(worst.get(key, 0), gap)
            if gap > 1e-4 and first is None:
                first = step
    terms = ", ".join(f"{key} {gap:.1e}" for key, gap in sorted(worst.items()))
    print(f"{method} {other} vs 1 thread, {len(runs)} steps: max relative {terms}; "
          f"first step past 1e-4: {first or 'none'}; mAP {100 * mAP:.2f} vs {100 * reference_map:.2f}")
PY
