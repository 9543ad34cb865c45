#!/usr/bin/env bash
# Side-by-side benchmark of `playbook build` and Hugo on the same generated
# content, and of `playbook serve`'s edit-to-served latency.
#
#   bench/run.sh            # 1,000 and 10,000 notes per language
#   bench/run.sh 1000       # one size only
#
# RUNS (default 5) cold builds of each generator per size, alternating, each
# into an empty folder; EDITS (default 20) saves for the serve latency.
# Outputs go to a RAM-backed folder (/dev/shm) when there is one, so the
# figures measure the generators rather than a shared disk; set BENCH_OUT to
# write elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
edits=${EDITS:-20}

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
        echo "bench: installing Debian's $2" >&2
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
        else
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
        fi
    fi
}
need hugo hugo
need /usr/bin/time time
need python3 python3

cargo build --release --quiet --bin playbook --example gen-corpus
playbook=$PWD/target/release/playbook
work=$PWD/target/bench
if [ -z "${BENCH_OUT:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_OUT=/dev/shm/playbook-bench; else BENCH_OUT=$work/out; fi
fi
mkdir -p "$work" "$BENCH_OUT"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "playbook $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(hugo version | cut -d' ' -f1-2)"
echo "outputs in $BENCH_OUT; $runs cold builds each; $edits edits for serve"
echo

# One timed build: prints "seconds max-rss-KiB html-files".
timed() {
    local out=$1; shift
    rm -rf "$out"
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1
    echo "$(tail -1 "$work/time.txt") $(find "$out" -name '*.html' | wc -l)"
    rm -rf "$out"
}

results=$work/results.txt
: >"$results"
for n in "${sizes[@]}"; do
    corpus=$work/corpus-$n
    stamp=$(sha256sum examples/gen-corpus.rs | cut -c1-16)
    if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$corpus"
        target/release/examples/gen-corpus --notes "$n" "$corpus" >/dev/null
        echo "$stamp" >"$corpus/.stamp"
    fi
    echo "== $n notes per language ($((n * 3)) note pages)"
    for r in $(seq "$runs"); do
        pb=$(timed "$BENCH_OUT/pb" "$playbook" build "$corpus/playbook" --out "$BENCH_OUT/pb")
        hu=$(timed "$BENCH_OUT/hugo" hugo --quiet --source "$corpus/hugo" --destination "$BENCH_OUT/hugo" \
            --cacheDir "$BENCH_OUT/hugo-cache")
        rm -rf "$BENCH_OUT/hugo-cache"
        echo "  run $r: playbook ${pb% *} | hugo ${hu% *}  (seconds, max RSS KiB)"
        echo "$n $r $pb $hu" >>"$results"
    done
    latency=$(python3 bench/serve_latency.py "$playbook" "$corpus/playbook" "$edits")
    echo "  serve: $latency"
    echo "$n serve $latency" >>"$results"
done

echo
python3 bench/report.py "$results"
