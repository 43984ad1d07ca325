#!/usr/bin/env bash
# The README's main command: installs what is missing, builds AIRS and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product airs
if [ -f Scripts/demo.airs ] && .build/release/airs --help 2>/dev/null | grep -q " run "; then
    exec .build/release/airs run Scripts/demo.airs
fi
exec .build/release/airs
