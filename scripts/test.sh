#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: installs packages, builds, and runs every test.
# `scripts/test.sh asan` builds with ASan+UBSan and runs the unit tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
scripts/install-deps.sh
scripts/build.sh "$config"
dir=build
[ "$config" = asan ] && dir=build-asan
if [ "$config" = asan ]; then
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" -L unit --output-on-failure -j "$(nproc)"
else
  ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
fi
