#!/usr/bin/env bash
# The README's main command: installs what is missing, builds AIRS (release) and runs the demo
# script (a teacher, two distilled students, their evaluation, plots and a ranked list).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product airs
exec .build/release/airs run Scripts/demo.airs "$@"
