#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: installs packages, builds, and runs Bulwark.
# Arguments are passed to `bulwark`; with none, it validates the example policies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
if (($# == 0)); then
  set -- policy validate examples/policies/*.json
fi
exec build/src/cli/bulwark "$@"
