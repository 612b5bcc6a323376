#!/usr/bin/env bash
# What building vanthu needs on a fresh Debian or Ubuntu machine: a C
# compiler (SQLite is built in) and Rust 1.92 or newer (through rustup when
# the machine has none, or an older one). Does nothing when both are there.
# Sourced by scripts/demo.sh and .ci/run.
set -euo pipefail

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
if ! command -v cc >/dev/null || ! command -v curl >/dev/null; then
  echo "bootstrap: installing build-essential, curl"
  need_root apt-get update -qq
  need_root apt-get install -y -qq build-essential curl ca-certificates >/dev/null
fi

[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
rust_ok() {
  command -v cargo >/dev/null || return 1
  local v
  v=$(rustc --version | awk '{print $2}')
  [ "$(printf '%s\n1.92.0\n' "$v" | sort -V | head -n1)" = "1.92.0" ]
}
if ! rust_ok; then
  if command -v rustup >/dev/null; then
    echo "bootstrap: updating Rust with rustup"
    rustup toolchain install stable --profile minimal -c clippy -c rustfmt
    rustup default stable
  else
    echo "bootstrap: installing Rust with rustup (https://rustup.rs)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal -c clippy -c rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
