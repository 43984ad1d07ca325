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
    local log="$out/$name/train_log.txt" steps s_step cpu
    # The end report: "Time/Batch: 0.457s over 46 steps"; the profile's "total WALL/CPU" per rank.
    s_step=$(sed -n 's/.*Time\/Batch: \([0-9.]*\)s over [0-9]* steps.*/\1/p' "$log" | tail -1)
    steps=$(sed -n 's/.*Time\/Batch: [0-9.]*s over \([0-9]*\) steps.*/\1/p' "$log" | tail -1)
    cpu=$(grep -o 'total [0-9.]*/[0-9.]*' "$log" | awk -F/ '{ s += $2 } END { printf "%.3f", s }')
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
awk -F'\t' '
    function median(list, n,    i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (list[j] < list[i]) { t = list[i]; list[i] = list[j]; list[j] = t }
        return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
    }
    $1 == "one-process" { a[++na] = $3; ca[na] = $4 }
    $1 == "two-ranks" { b[++nb] = $3; cb[nb] = $4 }
    END {
        sa = median(a, na); sb = median(b, nb)
        printf "one process, 2 threads: %.3f s/step (median of %d), CPU %.3f s/step\n", sa, na, median(ca, na)
        printf "two ranks, 1 thread each: %.3f s/step (median of %d), CPU %.3f s/step (both ranks)\n", sb, nb, median(cb, nb)
        printf "throughput_ratio=%.3f\n", sa / sb
    }' "$results"
