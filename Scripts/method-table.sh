#!/usr/bin/env bash
# The method table on data that needs no download: trains a teacher once per dataset, then
# Vanilla (a student trained alone) and all ten distillers against it, and writes a Markdown
# table of asymmetric retrieval (student queries, teacher gallery): method, mAP, R1.
#   bash Scripts/method-table.sh [synthetic|fashion-mnist|all] [OUT_DIR]
# AIRS_TABLE_OVERRIDES="KEY VALUE …" is appended to every student run (e.g. fewer epochs).
set -euo pipefail
cd "$(dirname "$0")/.."
which_data="${1:-synthetic}"
out="${2:-runs/method-table}"
swift build -c release --product airs >/dev/null
airs=.build/release/airs
methods=(VanillaKD FitNet PKT RKD CC CSD RAML ROP D3 UGD)
mkdir -p "$out"
table="$out/table.md"
echo "| dataset | method | mAP | R1 |" > "$table"
echo "|---|---|---|---|" >> "$table"
start=$(date +%s)

metric() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{100*r['mAP']:.1f} | {100*r['R1']:.1f}\")" "$1"; }

run_dataset() {
    local name="$1" configs="$2" data="$3"
    local common=(DATASETS.ROOT_DIR "$data" OUTPUT_DIR.ROOT_PATH "$out/$name")
    local extra=()
    read -r -a extra <<< "${AIRS_TABLE_OVERRIDES:-}"
    "$airs" train --cfg "$configs/Vanilla/Vanilla_ResNet18_64x64.yaml" "${common[@]}" OUTPUT_DIR.EXPERIMENT_NAME teacher
    local teacher
    teacher=$(ls "$out/$name/teacher"/NONE_*.safetensors | sort -V | tail -1)
    echo "| $name | teacher (ResNet18 64px, symmetric) | $(metric "$out/$name/teacher/results.json") |" >> "$table"
    "$airs" train --cfg "$configs/Vanilla/Vanilla_ResNet18_32x32.yaml" "${common[@]}" OUTPUT_DIR.EXPERIMENT_NAME student-alone "${extra[@]}"
    echo "| $name | Vanilla (student alone, symmetric) | $(metric "$out/$name/student-alone/results.json") |" >> "$table"
    for method in "${methods[@]}"; do
        "$airs" train --cfg "$configs/ResNet18_64x64_ResNet18_32x32/$method.yaml" "${common[@]}" \
            OUTPUT_DIR.EXPERIMENT_NAME "$method" DISTILLER.TEACHER_MODEL_PATH "$teacher" "${extra[@]}"
        echo "| $name | $method | $(metric "$out/$name/$method/results.json") |" >> "$table"
    done
}

if [ "$which_data" = synthetic ] || [ "$which_data" = all ]; then
    [ -d "$out/data/synthetic/CUB_200_2011" ] || "$airs" dataset make-synthetic --out "$out/data/synthetic/CUB_200_2011" --classes 40 --per-class 16 --size 64 --seed 7
    run_dataset synthetic Configs/Synthetic "$out/data/synthetic"
fi
if [ "$which_data" = fashion-mnist ] || [ "$which_data" = all ]; then
    [ -d "$out/data/fashion-mnist/CUB_200_2011" ] || "$airs" dataset import-fashion-mnist --out "$out/data/fashion-mnist/CUB_200_2011"
    run_dataset fashion-mnist Configs/FashionMNIST "$out/data/fashion-mnist"
fi
echo "total: $(( $(date +%s) - start )) s" >> "$table"
cat "$table"
