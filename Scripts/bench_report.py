#!/usr/bin/env python3
"""The figures of the bench-*.sh scripts: reads one run's log into a row, prints the tables.

  bench_report.py log LOGFILE        s/epoch, s/step, mAP, R1 of one training log, tab-separated
  bench_report.py profile LOGFILE    s/step, steps, CPU s/step of an AIRS run with --profile
  bench_report.py table KIND TSV     the tables of a results file (KIND: whole, cub, ops,
                                     data-parallel)

A training log is upstream's (its stdout) or AIRS's (train_log.txt): both write upstream's
`Epoch[e] … Time/Batch: …s` line per epoch and `mAP: …%` / `CMC curve, Rank-1  :…%` after an
evaluation, each line after a timestamp (`2026-12-07 16:58:51,193` or `2026-12-07T16:58:51Z`).
  s/epoch = (time of the last Epoch line - time of the first) / (epochs - 1): whole epochs
            between two log lines on both sides, without start-up, the first epoch's warm-up
            and the final evaluation (nan with one epoch);
  s/step  = the median of the epochs' Time/Batch (upstream's own figure, first step included).
An AIRS run's end report gives the whole run's figure (`Time/Batch: 0.457s over 46 steps`), and
with --profile every rank's `Step profile, rank R of N (…): … total WALL/CPU`; the profile row's
CPU s/step is the sum over the ranks.

Results files (TSV, one row per measurement, no header):
  whole, cub: bench  side  round  wall_s  peak_rss_mb  s_epoch  s_step  mAP  R1  cpu_s
              (cpu_s: user + system seconds of the process and its children; on a shared
              machine it moves far less than wall time)
  ops:        bench  side  round  value  unit        (unit: img/s, higher is better; ms, lower)
  data-parallel: side  round  s_step  cpu_s_step   (side: one-process or two-ranks)
Tables show medians over rounds; "speed-up" > 1 means AIRS is faster.
"""
import datetime
import math
import re
import statistics
import sys

STAMP = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:,(\d{3}))?")
EPOCH = re.compile(r"Epoch\[(\d+)\].*Time/Batch: ([0-9.]+)s")
MAP = re.compile(r"\bmAP: ([0-9.]+)%")
RANK1 = re.compile(r"Rank-1\s*:([0-9.]+)%")
END_REPORT = re.compile(r"Time/Batch: ([0-9.]+)s over (\d+) steps")
PROFILE_TOTAL = re.compile(r"Step profile, rank \d+ of \d+ .*; total [0-9.]+/([0-9.]+)")


def seconds(line):
    """The line's timestamp in seconds, or None."""
    m = STAMP.match(line)
    if not m:
        return None
    t = datetime.datetime.fromisoformat(f"{m.group(1)} {m.group(2)}")
    return t.timestamp() + (int(m.group(3)) / 1000 if m.group(3) else 0)


def parse_log(path):
    """(s_epoch, s_step, mAP, R1) of one training log; nan for what it does not hold."""
    epochs, step_times, mean_ap, rank1 = [], [], math.nan, math.nan
    with open(path, errors="replace") as f:
        for line in f:
            if m := EPOCH.search(line):
                stamp = seconds(line)
                if stamp is not None:
                    epochs.append(stamp)
                step_times.append(float(m.group(2)))
            if m := MAP.search(line):
                mean_ap = float(m.group(1))
            if m := RANK1.search(line):
                rank1 = float(m.group(1))
    s_epoch = (epochs[-1] - epochs[0]) / (len(epochs) - 1) if len(epochs) > 1 else math.nan
    s_step = statistics.median(step_times) if step_times else math.nan
    return s_epoch, s_step, mean_ap, rank1


def parse_profile(path):
    """(s_step, steps, cpu_s_step) of an AIRS run with --profile: its end report's Time/Batch and
    step count (the last report, nan without one) and the ranks' CPU seconds a step, summed."""
    s_step, steps, cpu = math.nan, math.nan, 0.0
    with open(path, errors="replace") as f:
        for line in f:
            if m := END_REPORT.search(line):
                s_step, steps = float(m.group(1)), int(m.group(2))
            if m := PROFILE_TOTAL.search(line):
                cpu += float(m.group(1))
    return s_step, steps, cpu


def read_rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def median_of(rows, column):
    values = [float(r[column]) for r in rows if len(r) > column and not math.isnan(float(r[column]))]
    return statistics.median(values) if values else math.nan


def fmt(value, digits=1):
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


def ratio(slow, fast):
    return "—" if math.isnan(slow) or math.isnan(fast) or fast == 0 else f"{slow / fast:.2f}x"


def grouped(rows):
    """{bench: {side: [rows]}} in first-seen order."""
    out = {}
    for r in rows:
        out.setdefault(r[0], {}).setdefault(r[1], []).append(r)
    return out


def table_runs(rows, reference, per):
    """whole / cub: every side's medians; each other side's speed-up over `reference` in wall
    time and in `per` ("s/epoch" or "s/step")."""
    column = 5 if per == "s/epoch" else 6
    print(
        f"| run | side | rounds | wall s | CPU s | s/epoch | s/step | peak RSS GB | mAP | R1 | "
        f"speed-up (wall) | speed-up (CPU) | speed-up ({per}) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for bench, sides in grouped(rows).items():
        ref = sides.get(reference, [])
        ref_wall, ref_cpu, ref_per = median_of(ref, 3), median_of(ref, 9), median_of(ref, column)
        for side, rs in sides.items():
            wall, rss, s_epoch, s_step = (median_of(rs, c) for c in (3, 4, 5, 6))
            mean_ap, rank1, cpu = median_of(rs, 7), median_of(rs, 8), median_of(rs, 9)
            speedups = ["", "", ""]
            if side != reference and ref:
                speedups = [ratio(ref_wall, wall), ratio(ref_cpu, cpu), ratio(ref_per, median_of(rs, column))]
            print(
                f"| {bench} | {side} | {len(rs)} | {fmt(wall, 0)} | {fmt(cpu, 0)} | {fmt(s_epoch)} | {fmt(s_step, 2)} | "
                f"{fmt(rss / 1024, 2)} | {fmt(mean_ap)} | {fmt(rank1)} | {' | '.join(speedups)} |"
            )


def table_ops(rows):
    """ops: AIRS beside PyTorch per benchmark; the speed-up is AIRS's rate over PyTorch's."""
    print("| benchmark | unit | AIRS (median) | PyTorch (median) | rounds | speed-up |")
    print("|---|---|---|---|---|---|")
    for bench, sides in grouped(rows).items():
        unit = next(iter(sides.values()))[0][4]
        airs, torch = median_of(sides.get("airs", []), 3), median_of(sides.get("pytorch", []), 3)
        rounds = min(len(sides.get("airs", [])), len(sides.get("pytorch", [])))
        speedup = ratio(airs, torch) if unit == "img/s" else ratio(torch, airs)
        print(f"| {bench} | {unit} | {fmt(airs, 2 if airs < 10 else 1)} | {fmt(torch, 2 if torch < 10 else 1)} | {rounds} | {speedup} |")


def table_data_parallel(rows):
    """data-parallel: each side's medians and the ratio of throughputs (two ranks over one
    process, images/s)."""
    sides = {"one-process": "one process, 2 threads", "two-ranks": "two ranks, 1 thread each"}
    medians = {}
    for side, label in sides.items():
        rs = [r for r in rows if r[0] == side]
        medians[side] = median_of(rs, 2)
        cpu = f"CPU {median_of(rs, 3):.3f} s/step" + (" (both ranks)" if side == "two-ranks" else "")
        print(f"{label}: {medians[side]:.3f} s/step (median of {len(rs)}), {cpu}")
    print(f"throughput_ratio={medians['one-process'] / medians['two-ranks']:.3f}")


def main(argv):
    if len(argv) == 3 and argv[1] == "log":
        print("\t".join(f"{v:.4f}" for v in parse_log(argv[2])))
    elif len(argv) == 3 and argv[1] == "profile":
        s_step, steps, cpu = parse_profile(argv[2])
        print(f"{s_step:.3f}\t{steps}\t{cpu:.3f}")
    elif len(argv) == 4 and argv[1] == "table" and argv[2] in ("whole", "cub", "ops", "data-parallel"):
        rows = read_rows(argv[3])
        if argv[2] == "ops":
            table_ops(rows)
        elif argv[2] == "data-parallel":
            table_data_parallel(rows)
        else:
            table_runs(rows, "upstream", "s/epoch" if argv[2] == "whole" else "s/step")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
