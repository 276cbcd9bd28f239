#!/usr/bin/env bash
# The long form of the trail durability fault test (tests/e2e/test_trail_durability.py): 25 SIGKILLs of
# `bulwark serve` under concurrent load, then every acknowledged call is checked in the trail and
# `bulwark trail verify --store` must pass. Usage: bench/trail_fault_long.sh [build-dir] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
export BULWARK_BIN="$build/src/cli/bulwark"
export BULWARK_FAULT_ROUNDS="${2:-25}"
export BULWARK_FAULT_CLIENTS="${BULWARK_FAULT_CLIENTS:-8}"
cd "$here/tests/e2e"
exec python3 test_trail_durability.py -v
