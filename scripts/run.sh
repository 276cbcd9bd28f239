#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: installs packages, builds, and runs Bulwark.
# Arguments are passed to `bulwark`; with none, it serves on 127.0.0.1:4566 with data in ./bulwark-data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
if (($# == 0)); then
  set -- serve --data-dir bulwark-data --port 4566
fi
exec build/src/cli/bulwark "$@"
