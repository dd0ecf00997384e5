#!/usr/bin/env bash
# Compares one LeNet-style training step (batch 64 of real Fashion-MNIST
# images, Adam) of nnlab's nn package with the same step in PyTorch on one
# thread: nn float64 against torch float64, and nn float32 against torch
# float32. Go: GOMAXPROCS=1 go test ./nn -run '^$' -bench
# 'BenchmarkLeNetStep/PREC$' -benchtime 3s; torch: bench/torch_lenet.py
# --min-time 3. The two alternate ROUNDS times (default 3) so that both see
# the same load; the table shows each round and the median ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
go test -c -o /tmp/nn-lenet.test ./nn >/dev/null
for prec in float64 float32; do
	ratios=()
	for r in $(seq "$rounds"); do
		go_ms=$(GOMAXPROCS=1 /tmp/nn-lenet.test -test.run '^$' -test.bench "BenchmarkLeNetStep/$prec\$" -test.benchtime 3s |
			awk '/^BenchmarkLeNetStep/ {printf "%.2f", $3/1e6}')
		torch_ms=$("$torch_python" bench/torch_lenet.py --dtype "$prec" --min-time 3 |
			sed 's/.*"ms_per_step": \([0-9.]*\).*/\1/')
		ratio=$(awk -v g="$go_ms" -v t="$torch_ms" 'BEGIN {printf "%.2f", t/g}')
		ratios+=("$ratio")
		printf '%s round %d: nn %s ms/step, torch %.2f ms/step, torch/nn %s\n' "$prec" "$r" "$go_ms" "$torch_ms" "$ratio"
	done
	printf '%s: median torch/nn %s (above 1: nn faster)\n' "$prec" "$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(((rounds + 1) / 2))p")"
done
