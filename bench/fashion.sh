#!/usr/bin/env bash
# One Fashion-MNIST epoch (784-256-128-10, Adam, batch 128, float64, one
# thread) in nnlab and in PyTorch, in the same run; prints the ratio.
# Usage: bench/fashion.sh [repeats]   (needs Debian's python3-torch and
# dataset-fashion-mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
go_out=$(GOMAXPROCS=1 go test ./lab -run '^$' -bench BenchmarkFashionEpoch -benchtime 1x -count "$n")
torch_out=$(OMP_NUM_THREADS=1 /usr/bin/python3 bench/fashion_epoch.py --repeat "$n")
/usr/bin/python3 - "$go_out" "$torch_out" <<'PY'
import json, statistics, sys
go = [float(l.split()[2]) / 1e9 for l in sys.argv[1].splitlines() if l.startswith("BenchmarkFashionEpoch")]
torch = json.loads(sys.argv[2])["epoch_seconds"]
g, t = statistics.median(go), statistics.median(torch)
print(f"epoch seconds (median of {len(go)}): nnlab {g:.2f}  pytorch {t:.2f}  ratio (pytorch time / nnlab time) {t/g:.2f}x")
PY
