#!/usr/bin/env bash
# Test accuracy on the full Fashion-MNIST set of lab/testdata/fashion-lenet.yaml
# and fashion-cnn.yaml against the same networks in PyTorch
# (bench/torch_cnn.py): same layers, optimizer (Adam 1e-3), batch (64) and
# epochs, seeds 1 to SEEDS (default 3) on each side, nnlab and PyTorch run
# alternately. LeNet also runs for 2 epochs. Prints every run, then a
# Markdown table of the means: nnlab passes when its mean is at least
# PyTorch's less 1 point. Exits non-zero when one does not.
#
# nnlab: nnlab run --spec SPEC --seed S --epochs E --format json (float64,
# its own initializers as the spec names them). PyTorch: float32 (its
# default), its default initialization, TORCH_THREADS threads (default 1).
# About 40 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${SEEDS:-3}
py=${TORCH_PYTHON:-/usr/bin/python3}
threads=${TORCH_THREADS:-1}
bin=$(mktemp -d)/nnlab
go build -o "$bin" ./cmd/nnlab
runs=$(mktemp)
for job in "lenet 1" "cnn 1" "lenet 2"; do
	read -r arch epochs <<<"$job"
	for seed in $(seq "$seeds"); do
		ours=$("$bin" run --spec "lab/testdata/fashion-$arch.yaml" --seed "$seed" --epochs "$epochs" --format json 2>/dev/null |
			tail -1 | "$py" -c 'import json, sys; print(json.load(sys.stdin)["test_acc"])')
		theirs=$("$py" bench/torch_cnn.py --arch "$arch" --seed "$seed" --epochs "$epochs" --threads "$threads" |
			"$py" -c 'import json, sys; print(json.load(sys.stdin)["test_acc"])')
		echo "$arch $epochs $seed $ours $theirs" >>"$runs"
		printf '%s, %d epoch(s), seed %d: nnlab %.2f%%, PyTorch %.2f%%\n' "$arch" "$epochs" "$seed" \
			"$("$py" -c "print(100*$ours)")" "$("$py" -c "print(100*$theirs)")"
	done
done
"$py" - "$runs" <<'PY'
import collections, statistics, sys
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    arch, epochs, seed, ours, theirs = line.split()
    rows.setdefault((arch, epochs), []).append((float(ours), float(theirs)))
ok = True
print()
print("| spec | epochs | nnlab (mean) | PyTorch (mean) | nnlab − PyTorch | at least PyTorch − 1 point |")
print("|---|---:|---:|---:|---:|:-:|")
for (arch, epochs), r in rows.items():
    o = statistics.mean(x[0] for x in r) * 100
    t = statistics.mean(x[1] for x in r) * 100
    met = o >= t - 1
    ok = ok and met
    each = lambda i: ", ".join(f"{x[i]*100:.2f}" for x in r)
    print(f"| fashion-{arch}.yaml | {epochs} | **{o:.2f}%** ({each(0)}) | **{t:.2f}%** ({each(1)}) | {o - t:+.2f} | {'yes' if met else 'NO'} |")
sys.exit(0 if ok else 1)
PY
