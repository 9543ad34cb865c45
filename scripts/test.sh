#!/usr/bin/env bash
# Runs every test of playbook: formatting, lints, unit tests and the
# end-to-end suite. Installs what the tests need when it is missing, so a
# fresh machine needs nothing but this script and a Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --all-targets --locked
