#!/usr/bin/env bash
# AIRS beside PyTorch on issue #16's benchmarks, like for like (upstream's networks: last
# stride 1 on both sides), alternated ROUNDS times at each thread count, one table of medians.
#   bash Scripts/bench-vs-pytorch.sh [OUT_DIR]         (default runs/bench-vs-pytorch)
#   train-step resnet18 64 b32, train-step mobilenetv3_small 64 b32   images/s
#   infer resnet101 256 b8: fp32 beside fp32, AIRS bf16 beside PyTorch --bf16 (CPU autocast)
#   conv 3x3 [32,64,56,56] forward + backward (input and weight gradients)   ms
# PyTorch: ../shared/perf/torch_model_bench.py (… --last-stride 1) and torch_op_micro.py (its
# "conv3x3 fwd+bwd 32x64x56x56" row). ROUNDS (default 3), THREADS (default "1 2"),
# PY (default /work/venv-torch/bin/python), PERF (default ../shared/perf), AIRS_BENCH_BIN and
# AIRS_BIN skip the release build. Writes OUT_DIR/results-ops.tsv (appending: a rerun adds
# rounds), OUT_DIR/logs/ and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/bench-lib.sh
out=$(realpath -m "${1:-runs/bench-vs-pytorch}")
perf=$(realpath "${PERF:-../shared/perf}")
bench_python
bench_build
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
mkdir -p "$out/logs"
results="$out/results-ops.tsv"

# record BENCH SIDE ROUND UNIT LOG CMD…: runs CMD into LOG and appends the value it reports.
record() {
    local bench="$1" side="$2" round="$3" unit="$4" log="$5" value
    shift 5
    if ! "$@" >"$log" 2>&1; then
        echo "error: $bench ($side) failed; see $log" >&2
        exit 1
    fi
    if [ "$side" = pytorch ] && [ "$unit" = ms ]; then
        value=$(awk '/^conv3x3 fwd\+bwd 32x64x56x56 / { print $(NF - 4) }' "$log")
    else
        value=$(sed -n "s/^$([ "$unit" = ms ] && echo ms || echo images_per_s)=//p" "$log" | tail -1)
    fi
    [ -n "$value" ] || { echo "error: no figure in $log" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\t%s\n' "$bench" "$side" "$round" "$value" "$unit" >>"$results"
    echo "$(date +%T) $bench, $side: $value $unit" >&2
}

# model_pair ROUND T AIRS_MODE TORCH_MODE MODEL TORCH_MODEL SIZE BATCH [AIRS_PRECISION TORCH_FLAG]
# (MODEL in airs-bench's registry, TORCH_MODEL in torchvision's: mobilenetv3_small / mobilenet_v3_small)
model_pair() {
    local round="$1" t="$2" mode="$3" torch_mode="$4" model="$5" torch_model="$6" size="$7" batch="$8"
    local precision="${9:-fp32}" torch_flag=("${@:10}") name tag variant=""
    [ "$precision" = fp32 ] || variant=" $precision (PyTorch autocast)"
    name="$mode $model ${size}px b$batch$variant, $t thr"
    tag="${mode}_${model}_${precision}_t${t}_r$round"
    local airs=("$AIRS_BENCH_BIN" "$mode" --model "$model" --size "$size" --batch "$batch" --threads "$t" --last-stride 1)
    [ "$mode" = infer ] && airs+=(--precision "$precision")
    record "$name" airs "$round" img/s "$out/logs/airs_$tag.txt" "${airs[@]}"
    record "$name" pytorch "$round" img/s "$out/logs/torch_$tag.txt" \
        "$PY" "$perf/torch_model_bench.py" "$torch_model" "$size" "$batch" "$t" "$torch_mode" --last-stride 1 "${torch_flag[@]}"
}

first=$(($(awk -F'\t' '$3 > n { n = $3 } END { print n + 0 }' "$results" 2>/dev/null || echo 0) + 1))
for round in $(seq "$first" $((first + ${ROUNDS:-3} - 1))); do
    for t in ${THREADS:-1 2}; do
        model_pair "$round" "$t" train-step train resnet18 resnet18 64 32
        model_pair "$round" "$t" train-step train mobilenetv3_small mobilenet_v3_small 64 32
        model_pair "$round" "$t" infer infer resnet101 resnet101 256 8
        model_pair "$round" "$t" infer infer resnet101 resnet101 256 8 bf16 --bf16
        name="conv 3x3 [32,64,56,56] fwd+bwd, $t thr"
        record "$name" airs "$round" ms "$out/logs/airs_conv_t${t}_r$round.txt" \
            "$AIRS_BENCH_BIN" conv --batch 32 --channels 64 --size 56 --threads "$t"
        record "$name" pytorch "$round" ms "$out/logs/torch_ops_t${t}_r$round.txt" \
            "$PY" "$perf/torch_op_micro.py" --threads "$t" --iters 5
    done
done
echo
bench_machine
echo "Release build, medians over rounds; speed-up > 1: AIRS faster (img/s: AIRS / PyTorch; ms: PyTorch / AIRS)."
python3 Scripts/bench_report.py table ops "$results"
