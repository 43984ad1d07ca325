#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
export AIRS_GOLDEN_DIR="${AIRS_GOLDEN_DIR:-$(cd .. && pwd)/shared/golden}"
swift build --build-tests
swift test --skip-build --parallel 2>&1 | tee .build/test-output.txt
