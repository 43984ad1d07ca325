#!/usr/bin/env bash
# Installs the Debian packages AIRS builds against. Idempotent: does nothing when all are present.
set -euo pipefail
packages=(libopenblas-dev libedit-dev libjpeg-dev libpng-dev libyaml-dev zlib1g-dev libzmq3-dev libdnnl-dev openmpi-bin libopenmpi-dev dataset-fashion-mnist)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
