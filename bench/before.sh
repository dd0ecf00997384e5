#!/usr/bin/env bash
# float64 speed now against before the speed work: the same benchmarks
# (bench/before_test.go.txt: the four step shapes on circle points and
# Fashion-MNIST images, and a LeNet-style step, float64, one thread) built
# in a checkout of BASE and in this tree, run in alternating rounds. Each
# figure is CPU time per step: user+system time of -benchtime N2x minus
# that of N1x, over N2−N1 (setup cancels out; steadier than wall time on a
# shared machine).
#
#   bench/before.sh [BASE]     BASE defaults to the commit before the
#                              speed work (86a04b0^); ROUNDS (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-86a04b0^}
rounds=${ROUNDS:-3}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
cleanup() {
	git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
for tree in "$tmp/base" .; do
	cp bench/before_test.go.txt "$tree/nn/zz_before_test.go"
done
(cd "$tmp/base" && go test -c -o "$tmp/before.test" ./nn)
go test -c -o "$tmp/now.test" ./nn
rm -f nn/zz_before_test.go

declare -A steps=([2-8-8-2_b200]="20000 120000" [2-16-16-16-2_b32]="20000 120000" [64-128-64-10_b64]="2000 12000"
	[784-256-128-10_b128]="50 350" [lenet_b64]="20 170")
cpu() { # BINARY BENCH N: user+system seconds
	/usr/bin/time -f '%U %S' -o "$tmp/time" env GOMAXPROCS=1 "$1" -test.run '^$' -test.bench "BenchmarkBefore/$2\$" \
		-test.benchtime "${3}x" >/dev/null 2>&1
	awk '{print $1 + $2}' "$tmp/time"
}
for r in $(seq "$rounds"); do
	for shape in 2-8-8-2_b200 2-16-16-16-2_b32 64-128-64-10_b64 784-256-128-10_b128 lenet_b64; do
		read -r n1 n2 <<<"${steps[$shape]}"
		for side in before now; do
			a=$(cpu "$tmp/$side.test" "$shape" "$n1")
			b=$(cpu "$tmp/$side.test" "$shape" "$n2")
			echo "$r $shape $side $(awk -v a="$a" -v b="$b" -v n="$((n2 - n1))" 'BEGIN{print (b-a)*1e6/n}')" >>"$tmp/results"
		done
		echo "round $r/$rounds: $shape" >&2
	done
done
"$python" - "$tmp/results" "$base" "$rounds" <<'PY'
import statistics, sys
res = {}
for line in open(sys.argv[1]):
    r, shape, side, us = line.split()
    res.setdefault((shape, side), []).append(float(us))
print(f"float64, one thread, CPU µs per step, median of {sys.argv[3]} rounds; before = {sys.argv[2]}")
print("now/before: the median over rounds of each round's ratio (both sides of a round see the same load)")
print(f"{'shape':22} {'before':>10} {'now':>10} {'now/before':>11}   per round")
for shape in ["2-8-8-2_b200", "2-16-16-16-2_b32", "64-128-64-10_b64", "784-256-128-10_b128", "lenet_b64"]:
    b, n = res[shape, "before"], res[shape, "now"]
    ratios = [y / x for x, y in zip(b, n)]
    per = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"{shape:22} {statistics.median(b):10.1f} {statistics.median(n):10.1f} {statistics.median(ratios):10.2f}x   {per}")
PY
