#!/usr/bin/env bash
# Renders the README's screenshots of the shipped playbook with Debian's
# headless Chromium: the English home (at its strategy map), a strategy and
# a tactic page, each on a phone (375 px wide) and a desktop (1280 px).
#
#   bash scripts/screenshots.sh [OUT_DIR]     default: docs/screenshots
#
# It builds the site with `cargo run --release`; set PLAYBOOK to a built
# binary to use that instead.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$repo/docs/screenshots}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  echo "screenshots.sh: chromium is missing; \`bash scripts/test.sh\` installs it" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo"
if [ -n "${PLAYBOOK:-}" ]; then
  "$PLAYBOOK" build --out "$work/site" >/dev/null
else
  cargo run --release --quiet -- build --out "$work/site" >/dev/null
fi

# name, page below the site, fragment to scroll to.
pages=(
  "home en/index.html pb-map"
  "strategy en/positioning/index.html "
  "tactic en/paid/linkedin-ads/index.html "
)
# width, height: a phone's and a desktop's viewport.
sizes=("375 812" "1280 800")

for page in "${pages[@]}"; do
  read -r name path fragment <<<"$page"
  if [ ! -f "$work/site/$path" ]; then
    echo "screenshots.sh: the build wrote no $path" >&2
    exit 1
  fi
  url="file://$work/site/$path${fragment:+#$fragment}"
  for size in "${sizes[@]}"; do
    read -r width height <<<"$size"
    # Headless Chromium paints only the top of a page it scrolled, so the
    # page is shown in a frame of the window's size that does the
    # scrolling; the frame's page lays itself out for that width.
    frame="$work/frame-$name-$width.html"
    printf '<!DOCTYPE html><html lang="en"><title>%s</title><style>html,body{margin:0;overflow:hidden}iframe{display:block;border:0;width:%spx;height:%spx}</style><iframe src="%s" title="%s"></iframe></html>\n' \
      "$name" "$width" "$height" "$url" "$name" >"$frame"
    file="$out/$name-$width.png"
    # The flags are those of tests/testsuite/browser.rs (FLAGS).
    if ! chromium --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --hide-scrollbars \
      --window-size="$width,$height" --virtual-time-budget=2000 \
      --screenshot="$file" "file://$frame" >"$work/chromium.log" 2>&1 ||
      [ ! -s "$file" ]; then
      cat "$work/chromium.log" >&2
      echo "screenshots.sh: chromium wrote no $file" >&2
      exit 1
    fi
    echo "$file"
  done
done
