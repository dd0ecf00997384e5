#!/usr/bin/env bash
# float32 against float64 in nnlab on the full Fashion-MNIST set:
#
#   accuracy  test accuracy after the 3 epochs of lab/testdata/fashion-mlp.yaml
#             in each precision, seeds 1..SEEDS (default 3), and the mean
#             difference (target: float32 within 0.3 points of float64)
#   memory    the largest resident set (/usr/bin/time %M) of those runs, and
#             of 200 steps of lab/testdata/fashion-lenet.yaml in each
#             precision (target: float32 at most 60% of float64)
#
#   bench/precision.sh
#   SEEDS=5 bench/precision.sh
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
-h | --help)
	sed -n '2,14p' "$0"
	exit 0
	;;
"") ;;
*)
	echo "bench/precision.sh: unknown argument $1 (none allowed; set SEEDS)" >&2
	exit 2
	;;
esac
seeds=${SEEDS:-3}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/nnlab" ./cmd/nnlab

# run NAME ARGS...: the last JSON row and the peak RSS in KiB, one line.
run() {
	local name=$1
	shift
	/usr/bin/time -f '%M' -o "$tmp/rss" "$tmp/nnlab" run --format json "$@" >"$tmp/out.json" 2>/dev/null
	echo "$name $(cat "$tmp/rss") $(tail -1 "$tmp/out.json")" >>"$tmp/results"
}
for seed in $(seq "$seeds"); do
	for prec in float64 float32; do
		echo "mlp seed $seed $prec" >&2
		run "mlp $seed $prec" --spec lab/testdata/fashion-mlp.yaml --seed "$seed" --precision "$prec"
	done
done
for prec in float64 float32; do
	echo "lenet 200 steps $prec" >&2
	run "lenet 1 $prec" --spec lab/testdata/fashion-lenet.yaml --steps 200 --precision "$prec"
done

"$python" - "$tmp/results" <<'EOF'
import json, statistics, sys
acc, rss = {}, {}
for line in open(sys.argv[1]):
    model, seed, prec, kib, js = line.split(" ", 4)
    acc[model, int(seed), prec] = json.loads(js)["test_acc"]
    rss.setdefault((model, prec), []).append(int(kib) / 1024)
seeds = sorted({s for m, s, p in acc if m == "mlp"})
print("test accuracy after 3 epochs of fashion-mlp.yaml (full test set):")
diffs = []
for s in seeds:
    a64, a32 = acc["mlp", s, "float64"], acc["mlp", s, "float32"]
    diffs.append(100 * (a32 - a64))
    print(f"  seed {s}: float64 {100 * a64:.2f}%  float32 {100 * a32:.2f}%  difference {diffs[-1]:+.2f} points")
mean = statistics.mean(diffs)
print(f"  mean difference {mean:+.2f} points, largest {max(diffs, key=abs):+.2f}; target within 0.3: {'met' if abs(mean) <= 0.3 else 'MISSED'}")
print("peak resident memory (MiB, median over the runs):")
for model in ["mlp", "lenet"]:
    r64, r32 = statistics.median(rss[model, "float64"]), statistics.median(rss[model, "float32"])
    ratio = r32 / r64
    print(f"  {model}: float64 {r64:.1f}  float32 {r32:.1f}  ratio {ratio:.2f}; target at most 0.60: {'met' if ratio <= 0.6 else 'MISSED'}")
EOF
