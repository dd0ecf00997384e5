#!/usr/bin/env bash
# Measures what the app's screen costs training: steps per second of a
# lesson's experiment inside the running TUI against the same spec trained
# headless in the same round (target: at least 0.8 of it), the frames the
# TUI draws a second (target: no more than ~30), and the time to render the
# lesson screen at 120x40 (target: median under 2 ms).
#
#   bench/tui_rate.sh                  5 rounds of 3 s windows (~2 minutes)
#   ROUNDS=9 WINDOW=3s bench/tui_rate.sh
#
# Rates: go test ./tui -run '^$' -bench BenchmarkTrainRate -benchtime 1x
# (one round per invocation, -count 1), ROUNDS times; within a round each
# case measures headless, lab-only and TUI one after another, in an order
# that rotates between rounds. The steps/s columns are medians over the
# rounds; ratio is the median over rounds of each round's TUI / headless
# (both sides of a round see the same load on a shared machine). The lab
# column (lab.Start with the panel's snapshots, no screen) tells the
# snapshots' cost from the screen's. Render: go test ./tui -run '^$' -bench
# BenchmarkLessonView -count 5 (the pattern also runs
# BenchmarkLessonViewColor: the same frame with a 256-colour and a
# true-colour profile, printed with its verdict but left out of the exit
# status), the median of the five medians. Exits non-zero if a target is
# missed.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
-h | --help)
	sed -n '2,23p' "$0"
	exit 0
	;;
"") ;;
*)
	echo "bench/tui_rate.sh: unknown argument $1 (none allowed; set ROUNDS, WINDOW)" >&2
	exit 2
	;;
esac

rounds=${ROUNDS:-5}
window=${WINDOW:-3s}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build the test binary once so that compiling is not timed.
go test -c -o "$tmp/tui.test" ./tui

for r in $(seq 1 "$rounds"); do
	echo "round $r/$rounds: BenchmarkTrainRate (window $window)" >&2
	# As go test does, run the binary in the package's directory (testdata).
	(cd tui && NNLAB_RATE_WINDOW=$window NNLAB_RATE_ROUND=$r "$tmp/tui.test" -test.run '^$' -test.bench BenchmarkTrainRate \
		-test.benchtime 1x -test.count 1) >>"$tmp/rate.txt" || {
		cat "$tmp/rate.txt" >&2
		exit 1
	}
done
echo "BenchmarkLessonView, BenchmarkLessonViewColor -count 5" >&2
(cd tui && "$tmp/tui.test" -test.run '^$' -test.bench 'BenchmarkLessonView' -test.count 5) >>"$tmp/view.txt" || {
	cat "$tmp/view.txt" >&2
	exit 1
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
"$python" - "$tmp" "$rounds" "$window" "$cpu" "$(nproc)" <<'EOF'
import re, statistics, sys

tmp, rounds, window, cpu, ncpu = sys.argv[1:6]
RATIO, FPS, VIEW_MS = 0.8, 31.0, 2.0


def metrics(line):
    return {unit: float(v) for v, unit in re.findall(r"([\d.e+-]+) (\S+)", line)}


rows = {}
for line in open(f"{tmp}/rate.txt"):
    m = re.match(r"BenchmarkTrainRate/(\S+?)(?:-\d+)?\s+\d+\s+(.*)", line)
    if m:
        rows.setdefault(m.group(1), []).append(metrics(m.group(2)))

print(f"median of {rounds} rounds, {window} windows; {ncpu} CPUs: {cpu}")
print("ratio: median over rounds of (TUI steps/s / headless steps/s of the same round)")
print(f"{'case':15} {'runs':>4} {'headless/s':>11} {'lab/s':>9} {'TUI/s':>9} {'ratio':>6} {'target':>7} {'met':>4}"
      f" {'TUI/lab':>7} {'views/s':>8} {'writes/s':>9} {'target':>7} {'met':>4}")
failed = False
RUNS = {"learning-loop": 1, "init-seven": 7}
per_round = []
for case, ms in rows.items():
    med = lambda k: statistics.median(m[k] for m in ms)
    head, lab, tui = med("headless-steps/s"), med("lab-steps/s"), med("tui-steps/s")
    views, writes = med("views/s"), med("writes/s")
    # Each round's TUI rate over the same round's headless rate, then the
    # median: a ratio within a round sees the same load on both sides.
    ratio = med("tui/headless")
    ok, fps_ok = ratio >= RATIO, views <= FPS
    failed |= not ok or not fps_ok
    print(f"{case:15} {RUNS.get(case, '?'):>4} {head:11.0f} {lab:9.0f} {tui:9.0f} {ratio:6.2f} {'>=0.8':>7} {'yes' if ok else 'NO':>4}"
          f" {med('tui/lab'):7.2f} {views:8.1f} {writes:9.1f} {'<=~30':>7} {'yes' if fps_ok else 'NO':>4}")
    fmt = lambda xs, spec: ", ".join(format(x, spec) for x in xs)
    per_round.append(f"  {case:15} TUI/headless {fmt((m['tui-steps/s'] / m['headless-steps/s'] for m in ms), '.2f')}"
                     f"   TUI/lab {fmt((m['tui-steps/s'] / m['lab-steps/s'] for m in ms), '.2f')}"
                     f"   headless/s {fmt((m['headless-steps/s'] for m in ms), '.0f')}"
                     f"   views/s {fmt((m['views/s'] for m in ms), '.1f')}")
print()
print("per round:")
print("\n".join(per_round))

views = {}
for line in open(f"{tmp}/view.txt"):
    m = re.match(r"(BenchmarkLessonView(?:Color/\w+?)?)(?:-\d+)?\s+\d+\s+(.*)", line)
    if m:
        views.setdefault(m.group(1), []).append(metrics(m.group(2))["median-ns/frame"])
print()
print("lesson view 120x40 (render on a snapshot + View), median ns/frame of each count -> median:")
color_missed = False
for name, ns in views.items():
    view_ms = statistics.median(ns) / 1e6
    ok = view_ms < VIEW_MS
    counts = ", ".join(format(v / 1e6, ".3f") for v in ns)
    if name == "BenchmarkLessonView":
        failed |= not ok  # the benchmark the target names
        note = "(ASCII profile, as the golden files)"
    else:
        color_missed |= not ok
        note = "(informational: a learner's colour terminal)"
    print(f"  {name:34} {view_ms:6.3f} ms  target < {VIEW_MS:g} ms: {'yes' if ok else 'NO':3}  {note}  [{counts}]")
if color_missed:
    print("  NOTE: with colours the frame misses 2 ms (see BENCHMARKS.md, 'The screen's cost').")
sys.exit(1 if failed else 0)
EOF
