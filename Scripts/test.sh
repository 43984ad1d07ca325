#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
# oneDNN's libgomp threads spin after each primitive unless told otherwise (read once, at load);
# airs and airs-bench set this themselves, the test binary takes it from here.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
export AIRS_GOLDEN_DIR="${AIRS_GOLDEN_DIR:-$(cd .. && pwd)/shared/golden}"
# The real-weights test reads torchvision's MobileNetV2 .pth from .cache/pretrained (it skips
# with a message when the download is impossible, e.g. offline).
bash Scripts/fetch-pretrained.sh >/dev/null || echo "warning: pretrained weights not fetched; their test will skip" >&2
# The Jupyter kernel's test drives it with jupyter_client and nbclient from this venv.
bash Scripts/jupyter-test-env.sh
# The house format (.swift-format): `swift format format -i -r Sources Tests Package.swift` fixes it.
swift format lint --strict --recursive --parallel Sources Tests Package.swift
# Every module declares each module it imports (SwiftPM's check below accepts indirect ones).
python3 Scripts/check-imports.py
swift build --build-tests --explicit-target-dependency-import-check error
swift test --skip-build --parallel 2>&1 | tee .build/test-output.txt
