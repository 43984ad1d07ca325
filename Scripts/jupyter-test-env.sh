#!/usr/bin/env bash
# The Jupyter client the kernel's tests drive (jupyter_client, nbclient, nbformat; no Jupyter
# server, no ipykernel), in a virtual environment outside the sources: .build/jupyter-venv.
# Idempotent. Without network it says so and exits 0: KernelClientTests then skip with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/jupyter-venv
packages=(jupyter_client==8.10.0 nbclient==0.11.0 nbformat==5.11.1)
if "$venv/bin/python" -c "import jupyter_client, nbclient, nbformat" 2>/dev/null; then exit 0; fi
mkdir -p .build
if ! python3 -m venv "$venv" || ! "$venv/bin/pip" install -q "${packages[@]}"; then
    echo "warning: no Jupyter client in $venv (no python3-venv or no network); the kernel's client test will skip" >&2
fi
