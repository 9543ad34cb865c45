"""Turns bench/run.sh's raw results into the table in the README."""

import statistics
import sys
from collections import defaultdict

builds = defaultdict(list)
serve = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[1] == "serve":
        serve[int(f[0])] = (float(f[2]), float(f[3]), int(f[4]))
    else:
        builds[int(f[0])].append([float(x) for x in f[2:]])


def med(rows, i):
    return statistics.median(r[i] for r in rows)


print("| notes per language | pages | playbook build | Hugo build | time ratio | playbook peak RSS | Hugo peak RSS | RSS ratio | HTML files (playbook / Hugo) | serve: save to served, median / max |")
print("|---|---|---|---|---|---|---|---|---|---|")
times = {}
checks = []
for n in sorted(builds):
    rows = builds[n]
    pb_s, pb_kb, pb_html, hu_s, hu_kb, hu_html = (med(rows, i) for i in range(6))
    times[n] = pb_s
    ratio, rss = pb_s / hu_s, pb_kb / hu_kb
    lat = serve.get(n)
    lat_text = f"{lat[0]:.0f} ms / {lat[1]:.0f} ms ({lat[2]} edits)" if lat else "-"
    print(
        f"| {n:,} | {3 * n:,} | {pb_s:.2f} s | {hu_s:.2f} s | {ratio:.2f}x | "
        f"{pb_kb / 1024:.0f} MiB | {hu_kb / 1024:.0f} MiB | {rss:.2f}x | "
        f"{pb_html:.0f} / {hu_html:.0f} | {lat_text} |"
    )
    if n == 1000:
        checks.append(("build at most 0.4x Hugo at 3,000 pages", ratio <= 0.4, f"{ratio:.2f}x"))
        if lat:
            checks.append(("serve median at most 50 ms at 3,000 pages", lat[0] <= 50, f"{lat[0]:.0f} ms"))
    if n == 10000:
        checks.append(("build at most 0.25x Hugo at 30,000 pages", ratio <= 0.25, f"{ratio:.2f}x"))
        if lat:
            checks.append(("serve median at most 150 ms at 30,000 pages", lat[0] <= 150, f"{lat[0]:.0f} ms"))
    checks.append((f"peak RSS at most 0.4x Hugo at {3 * n:,} pages", rss <= 0.4, f"{rss:.2f}x"))
if 1000 in times and 10000 in times:
    growth = times[10000] / times[1000]
    checks.append(("30,000 pages at most 11x the 3,000-page time", growth <= 11, f"{growth:.1f}x"))
print()
for what, ok, value in checks:
    print(f"- {'met' if ok else 'NOT MET'}: {what} ({value})")
