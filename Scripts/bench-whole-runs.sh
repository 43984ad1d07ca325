#!/usr/bin/env bash
# Whole training runs, AIRS beside upstream's own trainer (AIR-Distiller, unmodified, on the CPU),
# on the reference configs of ../shared/perf/upstream (Fashion-MNIST in the CUB layout; teacher
# ResNet18 64 px 24 epochs, students ResNet18 32 px 12 epochs), and one table of wall time,
# s/epoch, mAP and R1 per run and side (medians over rounds), with the machine line.
#   bash Scripts/bench-whole-runs.sh RUN_ROOT [RUN…]      (default RUNs: Teacher D3 FitNet RKD UGD)
# RUN_ROOT (outside the project) holds data/fmnist (made here with make_fmnist_cub.py when
# missing, its manifest checked), airs/ (AIRS's runs, cwd of `airs train`), results-whole.tsv
# and logs/. Each AIRS run reads `configs/fmnist_RUN.yaml` as it is, plus two keys:
#   DISTILLER.TEACHER_MODEL_PATH   AIRS's own teacher (its Teacher run, .safetensors);
#   DISTILLER.STUDENT_PRETRAIN_CHOICE False   upstream's side runs from scratch too
#       (air_ref_run.py builds every network with pretrained=False; no ImageNet weights here).
# UPSTREAM=1 alternates every AIRS run with upstream's (RUN_ROOT/upstream/AIR_Distiller, from
# `git archive` of SCY-X/D3still b9801b9; python air_ref_run.py, cwd RUN_ROOT, 2 threads,
# OMP_WAIT_POLICY=PASSIVE, as run_reference_suite.sh runs it). Upstream rows already in the
# results file (e.g. from an earlier session) are kept and shown.
# TEACHER=FILE makes the student runs distil from FILE instead (e.g. upstream's
#   log/fmnist/fmnist_Teacher_ResNet18_64x64/NONE_24.pth, which AIRS reads, so that both sides
#   distil from the same teacher and the students' runs need no AIRS Teacher run first).
# ROUNDS=N repeats the list N times (default 1). AIRS_BIN / AIRS_BENCH_BIN skip the build;
# PY is the Python with torch, torchvision, timm, yacs, ptflops (default /work/venv-torch).
# PERF=dir of ../shared/perf (default: ../shared/perf beside the project's parent).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/bench-lib.sh
[ $# -ge 1 ] || { sed -n '2,24p' "$0" >&2; exit 2; }
root=$(realpath -m "$1")
shift
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(Teacher D3 FitNet RKD UGD)
perf=$(realpath "${PERF:-../shared/perf}")
configs="$perf/upstream/configs"
manifest_sha=f39e0818ccefe7bc6e8e72858a69462b0691c4eeabc79fee7325547435e65849
bench_python
bench_build
# Passive OpenMP waiting, as run_reference_suite.sh sets it: on a shared 2-core machine the
# active default makes PyTorch several times slower whenever another process runs.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
mkdir -p "$root/logs" "$root/airs"
results="$root/results-whole.tsv"

if [ ! -f "$root/data/fmnist/MANIFEST.tsv" ]; then
    "$PY" "$perf/upstream/make_fmnist_cub.py" --out "$root/data/fmnist" >&2
fi
if [ "$(sha256sum <"$root/data/fmnist/MANIFEST.tsv" | cut -d' ' -f1)" != "$manifest_sha" ]; then
    echo "error: $root/data/fmnist/MANIFEST.tsv is not the reference set (sha256 differs); remove $root/data and rerun" >&2
    exit 1
fi
ln -sfn ../data "$root/airs/data"
if [ "${UPSTREAM:-0}" = 1 ] && [ ! -d "$root/upstream/AIR_Distiller" ]; then
    echo "error: UPSTREAM=1 needs upstream's code in $root/upstream/AIR_Distiller (../shared/perf/upstream/README.md)" >&2
    exit 1
fi

# The experiment folder a config writes, relative to the cwd of its run.
run_folder() {
    local cfg="$1"
    echo "$(sed -n 's/^  ROOT_PATH: //p' "$cfg")/$(sed -n 's/^  EXPERIMENT_NAME: //p' "$cfg")"
}

airs_run() {
    local run="$1" round="$2" cfg="$configs/fmnist_$1.yaml" extra=() folder teacher
    folder="$root/airs/$(run_folder "$cfg")"
    if [ "$run" != Teacher ] && [ -n "${TEACHER:-}" ]; then
        extra=(DISTILLER.TEACHER_MODEL_PATH "$(realpath "$TEACHER")")
    elif [ "$run" != Teacher ]; then
        teacher=$(ls "$root/airs/$(run_folder "$configs/fmnist_Teacher.yaml")"/NONE_*.safetensors 2>/dev/null | sort -V | tail -1)
        [ -n "$teacher" ] || { echo "error: no AIRS teacher yet in $root/airs: run Teacher first" >&2; exit 1; }
        extra=(DISTILLER.TEACHER_MODEL_PATH "$teacher")
    fi
    local log="$root/logs/airs_${run}_r$round.txt"
    if ! (cd "$root/airs" && bench_timed "$root/logs/airs_${run}_r$round.time" "$log" \
        "$AIRS_BIN" train --cfg "$cfg" DISTILLER.STUDENT_PRETRAIN_CHOICE False "${extra[@]}"); then
        echo "error: airs train failed on $cfg; see $log" >&2
        exit 1
    fi
    cp "$folder/train_log.txt" "$root/logs/airs_${run}_r${round}_train_log.txt"
    bench_row "$results" "$run" airs "$round" "$root/logs/airs_${run}_r$round.time" "$folder/train_log.txt"
}

upstream_run() {
    local run="$1" round="$2" log="$root/logs/upstream_${1}_r$2.txt"
    if ! (cd "$root" && bench_timed "$root/logs/upstream_${run}_r$round.time" "$log" \
        "$PY" "$perf/upstream/air_ref_run.py" --upstream "$root/upstream/AIR_Distiller" \
        --cfg "$configs/fmnist_$run.yaml" --threads 2); then
        echo "error: upstream's trainer failed on fmnist_$run.yaml; see $log" >&2
        exit 1
    fi
    bench_row "$results" "$run" upstream "$round" "$root/logs/upstream_${run}_r$round.time" "$log"
}

first=$(($(awk -F'\t' '$3 > n { n = $3 } END { print n + 0 }' "$results" 2>/dev/null || echo 0) + 1))
for round in $(seq "$first" $((first + ${ROUNDS:-1} - 1))); do
    for run in "${runs[@]}"; do
        [ -f "$configs/fmnist_$run.yaml" ] || { echo "error: no config $configs/fmnist_$run.yaml" >&2; exit 1; }
        airs_run "$run" "$round"
        if [ "${UPSTREAM:-0}" = 1 ]; then upstream_run "$run" "$round"; fi
    done
done
echo
bench_machine
echo "Whole runs, 2 threads; configs $configs; speed-up = upstream's median / AIRS's."
python3 Scripts/bench_report.py table whole "$results"
