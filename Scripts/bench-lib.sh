# Shared by the bench-*.sh scripts (sourced, not run): the machine line, the release binaries,
# timed runs and the results file. The caller has `set -euo pipefail` and its cwd at the repo.

# This machine's environment pins OpenBLAS to its AVX2 kernels (OPENBLAS_CORETYPE=Haswell,
# OPENBLAS_L2_SIZE=512); a fresh machine sets neither, and AIRS then picks the widest kernel the
# CPU runs (`CPUFeatures.bestOpenBLASCoreType`). The benchmarks measure that default; PyTorch's
# GEMMs and convolutions (MKL, oneDNN) never read these variables. BENCH_KEEP_OPENBLAS_ENV=1
# keeps them.
if [ -n "${OPENBLAS_CORETYPE:-}${OPENBLAS_L2_SIZE:-}" ] && [ -z "${BENCH_KEEP_OPENBLAS_ENV:-}" ]; then
    echo "bench: clearing OPENBLAS_CORETYPE='${OPENBLAS_CORETYPE:-}' OPENBLAS_L2_SIZE='${OPENBLAS_L2_SIZE:-}'" \
        "from the environment (BENCH_KEEP_OPENBLAS_ENV=1 keeps them)" >&2
    unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
fi

# Where this file lives: bench_report.py sits beside it.
BENCH_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The CPU model, its vector extensions, cores and load: which machine, and how busy, the
# figures come from (a VM may name its CPU only "AMD EPYC": the extensions tell the generation).
bench_machine() {
    local isa
    isa=$(lscpu | sed -n 's/^Flags: *//p' | tr ' ' '\n' | grep -xE 'avx2|avx512f|avx512_bf16|amx_tile|amx_bf16' | paste -sd' ')
    echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1) ($isa), $(nproc) cores;" \
        "load average $(cut -d' ' -f1-3 /proc/loadavg); $(date '+%F %T')"
}

# bench_build [PRODUCT…]: builds the release products (default: airs airs-bench) at idle
# priority (SwiftPM starts its compilers at normal priority even under `nice`), each unless
# AIRS_BIN / AIRS_BENCH_BIN already name it, and sets those variables to the binaries.
bench_build() {
    local products=("$@") product variable
    [ ${#products[@]} -gt 0 ] || products=(airs airs-bench)
    for product in "${products[@]}"; do
        case "$product" in
            airs) variable=AIRS_BIN ;;
            airs-bench) variable=AIRS_BENCH_BIN ;;
            *) echo "error: bench_build knows airs and airs-bench, not '$product'" >&2; exit 2 ;;
        esac
        [ -n "${!variable:-}" ] || chrt -i 0 swift build -c release --product "$product" >&2
        printf -v "$variable" '%s' "$(realpath "${!variable:-.build/release/$product}")"
    done
}

# The Python with PyTorch: $PY, or the project machine's venv.
bench_python() {
    PY=${PY:-/work/venv-torch/bin/python}
    [ -x "$PY" ] || { echo "error: no Python with PyTorch at $PY; set PY=<python with torch>" >&2; exit 2; }
}

# bench_timed OUT_STATS LOG CMD…: runs CMD with stdout and stderr into LOG and writes
# "wall_s peak_rss_kb user_s system_s" to OUT_STATS; returns CMD's status.
bench_timed() {
    local stats="$1" log="$2"
    shift 2
    /usr/bin/time -f '%e %M %U %S' -o "$stats" "$@" >"$log" 2>&1
}

# bench_row RESULTS BENCH SIDE ROUND STATS LOG: appends a whole/cub row (bench_report.py's doc).
bench_row() {
    local results="$1" bench="$2" side="$3" round="$4" stats="$5" log="$6" wall rss user system figures
    read -r wall rss user system < <(tail -n 1 "$stats")
    figures=$(python3 "$BENCH_SCRIPTS/bench_report.py" log "$log")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$bench" "$side" "$round" "$wall" \
        "$(awk -v kb="$rss" 'BEGIN { printf "%.1f", kb / 1024 }')" "$figures" \
        "$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.1f", u + s }')" >>"$results"
    echo "$(date +%T) $bench $side round $round: wall ${wall}s, CPU $user+${system}s, $(bench_report_row "$figures")" >&2
}

bench_report_row() {
    awk -F'\t' '{ printf "s/epoch %.1f, s/step %.2f, mAP %.1f, R1 %.1f", $1, $2, $3, $4 }' <<<"$1"
}
