#!/usr/bin/env bash
# One distillation epoch at upstream's CUB sizes, AIRS beside upstream's own trainer:
# Configs/CUB200/ResNet101_256x256_ResNet18_128x128/D3.yaml as written (upstream's file: ResNet101
# teacher at 256 px, ResNet18 student at 128 px, distillation batch 256, student batch 96) on a
# 256-px CUB-layout set of 600 + 600 images (`airs dataset make-synthetic`, 40 classes x 30),
# one epoch (2 steps) plus the evaluation; seconds per step (upstream's Time/Batch, first step
# included), wall time and peak RSS (/usr/bin/time), one table.
#   bash Scripts/bench-cub-step.sh RUN_ROOT [SIDE…]     SIDEs: airs-fp32 airs-bf16 upstream (default: all)
# Both sides load one random teacher (bench_random_teacher.py: upstream's own ResNet101, seed 0;
# needs RUN_ROOT/upstream/AIR_Distiller, see ../shared/perf/upstream/README.md) and override only:
#   DATASETS.ROOT_DIR, DISTILLER.TEACHER_MODEL_PATH, OUTPUT_DIR.ROOT_PATH   paths;
#   SOLVER.MAX_EPOCHS 1, SOLVER.CHECKPOINT_PERIOD 1, SOLVER.EVAL_PERIOD 1   one epoch, evaluated;
#   DISTILLER.STUDENT_PRETRAIN_CHOICE False   student from scratch (no ImageNet weights offline;
#       air_ref_run.py builds upstream's networks with pretrained=False).
# AIRS bf16 adds EXPERIMENT.TEACHER_PRECISION bf16 (skipped, saying so, when this airs lacks it).
# Upstream's CPU adaptations: EXPERIMENT.CUDA_AMP False, DATALOADER.NUM_WORKERS 0 (eight loader
# processes on two cores only compete with the step; decoding 352 JPEGs is ~1 % of it), 2
# threads, OMP_WAIT_POLICY=PASSIVE. Each run peaks near 10 GB: the runs go one at a time, each
# waiting until CUB_NEED_GB (default 11) GB of memory are available.
# ROUNDS=N (default 1); AIRS_BIN / AIRS_BENCH_BIN skip the build; PY as in bench-whole-runs.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/bench-lib.sh
[ $# -ge 1 ] || { sed -n '2,21p' "$0" >&2; exit 2; }
root=$(realpath -m "$1")
shift
sides=("$@")
[ ${#sides[@]} -gt 0 ] || sides=(airs-fp32 airs-bf16 upstream)
perf=$(realpath "${PERF:-../shared/perf}")
cfg=$(realpath Configs/CUB200/ResNet101_256x256_ResNet18_128x128/D3.yaml)
bench_python
bench_build
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
work="$root/cub-step"
data="$work/data"
teacher="$work/teacher_ResNet101_random.pth"
results="$root/results-cub.tsv"
mkdir -p "$work/logs"
if [ ! -d "$root/upstream/AIR_Distiller" ]; then
    echo "error: the random teacher and the upstream side need upstream's code in $root/upstream/AIR_Distiller" \
        "(../shared/perf/upstream/README.md)" >&2
    exit 1
fi
if [ ! -d "$data/CUB_200_2011" ]; then
    "$AIRS_BIN" dataset make-synthetic --out "$data/CUB_200_2011" --classes 40 --per-class 30 --size 256 --seed 7 >&2
fi
if [ ! -f "$teacher" ]; then
    "$PY" Scripts/bench_random_teacher.py --upstream "$root/upstream/AIR_Distiller" --out "$teacher" --classes 20 >&2
fi
common=(DATASETS.ROOT_DIR "$data" DISTILLER.TEACHER_MODEL_PATH "$teacher"
    SOLVER.MAX_EPOCHS 1 SOLVER.CHECKPOINT_PERIOD 1 SOLVER.EVAL_PERIOD 1 DISTILLER.STUDENT_PRETRAIN_CHOICE False)
experiment=$(sed -n 's/^  EXPERIMENT_NAME: *"\(.*\)"/\1/p' "$cfg")

# run SIDE ROUND: one epoch of one side, its row appended to the results.
run() {
    local side="$1" round="$2" log="$work/logs/${1}_r$2.txt" stats="$work/logs/${1}_r$2.time" extra=() cmd
    # A run peaks near 10 GB: on a shared machine, wait (up to 20 min) rather than push the
    # other jobs into the OOM killer.
    local waited=0
    while [ "$(awk '/MemAvailable/ { print int($2 / 1048576) }' /proc/meminfo)" -lt "${CUB_NEED_GB:-11}" ]; do
        [ $waited -lt 1200 ] || { echo "error: less than ${CUB_NEED_GB:-11} GB available for 20 min; $side not run" >&2; exit 1; }
        [ $waited -gt 0 ] || echo "$(date +%T) $side: waiting for ${CUB_NEED_GB:-11} GB of free memory" >&2
        sleep 30
        waited=$((waited + 30))
    done
    echo "$(date +%T) $side: memory available $(awk '/MemAvailable/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)" >&2
    case "$side" in
        airs-fp32 | airs-bf16)
            [ "$side" = airs-bf16 ] && extra=(EXPERIMENT.TEACHER_PRECISION bf16)
            cmd=("$AIRS_BIN" train --cfg "$cfg" "${common[@]}" OUTPUT_DIR.ROOT_PATH "$work/$side" "${extra[@]}")
            if ! "$AIRS_BIN" config show "$cfg" "${common[@]}" "${extra[@]}" >/dev/null 2>&1; then
                echo "$side skipped: this airs refuses the config:" >&2
                "$AIRS_BIN" config show "$cfg" "${common[@]}" "${extra[@]}" 2>&1 >/dev/null | head -5 >&2
                return 0
            fi
            ;;
        upstream)
            cmd=("$PY" "$perf/upstream/air_ref_run.py" --upstream "$root/upstream/AIR_Distiller" --cfg "$cfg"
                --threads 2 "${common[@]}" OUTPUT_DIR.ROOT_PATH "$work/$side"
                EXPERIMENT.CUDA_AMP False DATALOADER.NUM_WORKERS 0)
            ;;
        *)
            echo "error: unknown side '$side' (airs-fp32, airs-bf16, upstream)" >&2
            exit 2
            ;;
    esac
    if ! (cd "$work" && bench_timed "$stats" "$log" "${cmd[@]}"); then
        echo "error: $side failed; see $log" >&2
        exit 1
    fi
    # AIRS's train_log.txt has the timestamps; upstream's logger also writes them to stdout.
    [ "$side" = upstream ] || log="$work/$side/$experiment/train_log.txt"
    bench_row "$results" "CUB D3 epoch (ResNet101 256 px -> ResNet18 128 px)" "$side" "$round" "$stats" "$log"
}

first=$(($(awk -F'\t' '$3 > n { n = $3 } END { print n + 0 }' "$results" 2>/dev/null || echo 0) + 1))
for round in $(seq "$first" $((first + ${ROUNDS:-1} - 1))); do
    for side in "${sides[@]}"; do run "$side" "$round"; done
done
echo
bench_machine
echo "$cfg, 600 + 600 images of 256 px, one epoch + evaluation, 2 threads; speed-up = upstream / AIRS."
python3 Scripts/bench_report.py table cub "$results"
