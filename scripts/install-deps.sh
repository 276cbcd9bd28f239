#!/usr/bin/env bash
# Installs the Debian 12 packages Bulwark needs to build, run and test. Idempotent.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev libfuzzer-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libssl-dev openssl zlib1g-dev libsqlite3-dev libpq-dev libyaml-cpp-dev libcli11-dev libfmt-dev libspdlog-dev
  rapidjson-dev libargon2-dev libqrencode-dev libpugixml-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm python3
  wrk  # bench/ only: HTTP load with LuaJIT scripts (bench/sigv4_sign.lua signs through libcrypto's FFI)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# `node`/`python3` may come from elsewhere (nvm, pyenv); only ask apt for them when absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
if command -v python3 >/dev/null; then missing=("${missing[@]/python3}"); fi
read -r -a missing <<<"${missing[*]}"

# The end-to-end tests drive the server with the real aws CLI and boto3.
if ! python3 -c "import boto3" >/dev/null 2>&1; then missing+=(python3-boto3); fi
if ! command -v aws >/dev/null; then missing+=(awscli); fi

if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
