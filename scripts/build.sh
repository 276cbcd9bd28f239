#!/usr/bin/env bash
# Configures and builds one build tree. Usage: scripts/build.sh [release|asan] (default release).
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
case "$config" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DBULWARK_SANITIZE=ON -DBULWARK_BENCH=OFF) ;;
  *) echo "unknown configuration: $config" >&2; exit 2 ;;
esac
# One cache per machine, shared by every checkout (CI clones start with a warm cache).
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/tmp}/.cache/bulwark-ccache}"
# Paths relative to the checkout and no working-directory hash, so any clone or worktree (CI's fresh
# clone included) reuses the objects another one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
