#!/usr/bin/env bash
# Data-parallel throughput on one machine: `mpirun -np 2 airs train` (one kernel thread per rank)
# against one `airs train --threads 2`, on the Fashion-MNIST reference D3 run of
# ../shared/perf/upstream (configs/fmnist_D3.yaml: ResNet18 64 px teacher, ResNet18 32 px
# student, batches of 24 and 64, 23 steps an epoch), cut to 2 epochs, the two sides alternating.
#   bash Scripts/bench-data-parallel.sh RUN_ROOT
# RUN_ROOT (outside the project) holds data/fmnist (the reference set; bench-whole-runs.sh makes
# it) and the teacher: TEACHER=FILE, default RUN_ROOT/log/fmnist/fmnist_Teacher_ResNet18_64x64/
# NONE_24.pth (upstream's own). Runs go to RUN_ROOT/data-parallel/, rows to
# RUN_ROOT/results-data-parallel.tsv (side, round, s/step, CPU s/step summed over the ranks;
# later runs add rounds, and the medians take every row: remove the file to start afresh).
# Both sides run with --profile: each rank's wall and CPU seconds per phase of a step and what a
# step exchanged are in the logs (the last round's are printed).
# ROUNDS=N alternations (default 3); MPIRUN_ARGS adds mpirun options (e.g. "--bind-to none");
# AIRS_BIN skips the build. Prints the medians, the ratio of throughputs (2 ranks / 1 process,
# images/s) and the CPU line.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/bench-lib.sh
[ $# -eq 1 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
root=$(realpath -m "$1")
perf=$(realpath "${PERF:-../shared/perf}")
cfg="$perf/upstream/configs/fmnist_D3.yaml"
teacher=$(realpath "${TEACHER:-$root/log/fmnist/fmnist_Teacher_ResNet18_64x64/NONE_24.pth}")
[ -f "$root/data/fmnist/MANIFEST.tsv" ] || { echo "error: no $root/data/fmnist (run Scripts/bench-whole-runs.sh $root Teacher first)" >&2; exit 1; }
[ -f "$teacher" ] || { echo "error: no teacher at $teacher; set TEACHER=FILE" >&2; exit 1; }
command -v mpirun >/dev/null || { echo "error: mpirun is missing: bash Scripts/install-dependencies.sh" >&2; exit 1; }
bench_build airs
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
out="$root/data-parallel"
results="$root/results-data-parallel.tsv"
mkdir -p "$out/logs"

# side round: one 2-epoch run; appends "side round s_step cpu_s_step" to the results.
run_side() {
    local side="$1" round="$2" name="$1_r$2" launch=()
    case "$side" in
        one-process) launch=("$AIRS_BIN" train --threads 2) ;;
        two-ranks) launch=(mpirun -np 2 ${MPIRUN_ARGS:-} "$AIRS_BIN" train) ;;
    esac
    rm -rf "${out:?}/$name"
    if ! (cd "$out" && bench_timed "logs/$name.time" "logs/$name.txt" "${launch[@]}" --cfg "$cfg" --profile \
        DATASETS.ROOT_DIR "$root/data/fmnist" DISTILLER.TEACHER_MODEL_PATH "$teacher" \
        DISTILLER.STUDENT_PRETRAIN_CHOICE False SOLVER.MAX_EPOCHS 2 \
        OUTPUT_DIR.ROOT_PATH "$out" OUTPUT_DIR.EXPERIMENT_NAME "$name"); then
        echo "error: $side round $round failed; see $out/logs/$name.txt" >&2
        exit 1
    fi
    local s_step steps cpu
    read -r s_step steps cpu < <(python3 "$BENCH_SCRIPTS/bench_report.py" profile "$out/$name/train_log.txt")
    printf '%s\t%s\t%s\t%s\n' "$side" "$round" "$s_step" "$cpu" >>"$results"
    echo "$(date +%T) $side round $round: $s_step s/step over $steps steps, CPU $cpu s/step (all ranks)" >&2
}

first=$(($(awk -F'\t' '$2 > n { n = $2 } END { print n + 0 }' "$results" 2>/dev/null || echo 0) + 1))
for round in $(seq "$first" $((first + ${ROUNDS:-3} - 1))); do
    run_side one-process "$round"
    run_side two-ranks "$round"
done
last=$(awk -F'\t' 'END { print $2 }' "$results")
echo "Profiles of round $last (seconds a step, wall/CPU):"
grep -h -e 'Step profile' -e 'Exchanged a step' "$out"/*_r"$last"/train_log.txt | sed 's/^.*INFO: /  /'
echo
bench_machine
echo "D3 on Fashion-MNIST ($cfg), 2 epochs; two ranks: mpirun -np 2 ${MPIRUN_ARGS:-}"
python3 "$BENCH_SCRIPTS/bench_report.py" table data-parallel "$results"
