#!/usr/bin/env bash
# One epoch of lab/testdata/fashion-lenet.yaml (LeNet-style, Adam 1e-3,
# batch 64, float64) on the full Fashion-MNIST training set: nnlab against
# the same network in PyTorch, float64 on one thread, in ROUNDS alternating
# rounds (default 3). Data loading and evaluation are left out on both
# sides; images are scaled to [0, 1] per batch on both.
#
#   nnlab:   GOMAXPROCS=1 lab.test -test.bench 'BenchmarkLeNetEpoch$' -test.benchtime 1x
#            (go test ./lab -run '^$' -bench 'BenchmarkLeNetEpoch$' -benchtime 1x)
#   PyTorch: /usr/bin/python3 bench/torch_cnn.py --arch lenet --dtype float64 --threads 1
#
# Then the peak resident memory of the whole command
# `nnlab run --spec lab/testdata/fashion-lenet.yaml` (the epoch with its
# evaluations), from /usr/bin/time. Prints each round, the median ratio and
# the memory; exits non-zero when nnlab's median epoch is slower than
# PyTorch's or the memory is 300 MB or more.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
py=${TORCH_PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/lab.test" ./lab
go build -o "$tmp/nnlab" ./cmd/nnlab
: >"$tmp/rounds"
for r in $(seq "$rounds"); do
	go_s=$(cd lab && GOMAXPROCS=1 "$tmp/lab.test" -test.run '^$' -test.bench 'BenchmarkLeNetEpoch$' -test.benchtime 1x |
		awk '/^BenchmarkLeNetEpoch/ {printf "%.2f", $3/1e9}')
	torch_s=$("$py" bench/torch_cnn.py --arch lenet --dtype float64 --threads 1 --epochs 1 |
		"$py" -c 'import json, sys; print("%.2f" % json.load(sys.stdin)["epoch_seconds"][0])')
	echo "$go_s $torch_s" >>"$tmp/rounds"
	printf 'round %d: nnlab %s s, PyTorch float64 1 thread %s s, PyTorch/nnlab %s\n' "$r" "$go_s" "$torch_s" \
		"$(awk -v g="$go_s" -v t="$torch_s" 'BEGIN {printf "%.2f", t/g}')"
done
/usr/bin/time -f '%M' -o "$tmp/rss" "$tmp/nnlab" run --spec lab/testdata/fashion-lenet.yaml --format csv >/dev/null 2>"$tmp/run.err"
"$py" - "$tmp/rounds" "$(cat "$tmp/rss")" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
g = statistics.median(r[0] for r in rows)
t = statistics.median(r[1] for r in rows)
ratio = statistics.median(r[1] / r[0] for r in rows)
mb = int(sys.argv[2]) / 1024
print(f"median over {len(rows)} rounds: nnlab {g:.2f} s, PyTorch {t:.2f} s per epoch; PyTorch/nnlab {ratio:.2f} (above 1: nnlab faster)")
print(f"peak resident memory of nnlab run --spec lab/testdata/fashion-lenet.yaml: {mb:.0f} MB")
sys.exit(0 if ratio >= 1 and mb < 300 else 1)
PY
