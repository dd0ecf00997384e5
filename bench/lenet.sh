#!/usr/bin/env bash
# Compares one LeNet-style training step (batch 64 of real Fashion-MNIST
# images, Adam) of nnlab's nn package with the same step in PyTorch on one
# thread: nn float64 against torch float64, and nn float32 against torch
# float32. Both sides are timed in CPU time per step, which a busy shared
# machine disturbs far less than wall time (one thread each, so for an
# idle machine the two agree):
#   Go:    GOMAXPROCS=1 go test ./nn -bench 'BenchmarkLeNetStep/PREC/threads=1$', user
#          time of -benchtime 120x minus that of 20x, over 100 steps
#   torch: bench/torch_lenet.py --cpu --min-time 3
# The two alternate ROUNDS times (default 3); each line is one round, the
# last the median ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./nn >/dev/null
cpu() { # user seconds of the benchmark at $1 steps
	/usr/bin/time -f %U env GOMAXPROCS=1 "$bin" -test.run '^$' -test.bench "BenchmarkLeNetStep/$prec/threads=1\$" \
		-test.benchtime "${1}x" 2>&1 >/dev/null | tail -1
}
for prec in float64 float32; do
	ratios=()
	for r in $(seq "$rounds"); do
		short=$(cpu 20)
		long=$(cpu 120)
		go_ms=$(awk -v a="$short" -v b="$long" 'BEGIN {printf "%.2f", (b-a)*1000/100}')
		torch_ms=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$torch_python" bench/torch_lenet.py --cpu --dtype "$prec" --min-time 3 |
			sed 's/.*"ms_per_step": \([0-9.]*\).*/\1/')
		ratio=$(awk -v g="$go_ms" -v t="$torch_ms" 'BEGIN {printf "%.2f", t/g}')
		ratios+=("$ratio")
		printf '%s round %d: nn %s ms/step, torch %.2f ms/step (CPU time), torch/nn %s\n' "$prec" "$r" "$go_ms" "$torch_ms" "$ratio"
	done
	printf '%s: median torch/nn %s (above 1: nn faster)\n' "$prec" "$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(((rounds + 1) / 2))p")"
done
