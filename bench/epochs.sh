#!/usr/bin/env bash
# One epoch of real Fashion-MNIST training, nnlab against PyTorch, in
# alternating rounds on this machine:
#
#   mlp    lab/testdata/fashion-mlp.yaml   (784-256-128-10, batch 128)
#   lenet  lab/testdata/fashion-lenet.yaml (LeNet-style CNN, batch 64)
#
# each in float64 and float32, nnlab on 1 and 2 threads (--threads),
# PyTorch (bench/torch_epoch.py, Debian's python3-torch) on 1 and 2
# threads. Prints, per model and precision, the median wall and CPU
# seconds of an epoch of each, the best PyTorch figure, and nnlab's
# ratio to it, with every round's ratio.
#
#   bench/epochs.sh                  3 rounds, both models
#   ROUNDS=5 bench/epochs.sh mlp     5 rounds, the MLP only
#
# nnlab: `nnlab run --spec FILE --epochs 1 --format json --precision P
# --threads T` on the spec with eval_every set past the epoch (no
# evaluation inside it, as in PyTorch's loop); wall time is the last row's
# train_seconds (the training steps alone: batches gathered from the image
# bytes, forward, backward, update). CPU time is the process's user+system
# time minus that of the same command with --steps 1 in the same round
# (loading, building and the final evaluation cancel out), over the
# epoch's steps less one, scaled to the epoch. PyTorch: the epoch loop's
# time.perf_counter and time.process_time (batches gathered from the bytes
# too; loading and building not timed).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-3}
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(mlp lenet)
for m in "${models[@]}"; do
	case "$m" in
	mlp | lenet) ;;
	-h | --help)
		sed -n '2,27p' "$0"
		exit 0
		;;
	*)
		echo "bench/epochs.sh: unknown model $m (allowed: mlp, lenet)" >&2
		exit 2
		;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/nnlab" ./cmd/nnlab
for m in mlp lenet; do
	grep -v '^eval_every:' "lab/testdata/fashion-$m.yaml" >"$tmp/$m.yaml"
	echo "eval_every: 10000000" >>"$tmp/$m.yaml"
done

cpu() { # user+system seconds of a command, its stdout to $1
	local out=$1
	shift
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$@" >"$out" 2>/dev/null
	awk '{print $1 + $2}' "$tmp/time"
}

# nnlab MODEL PREC THREADS: one JSON line {wall, cpu, steps} for the epoch.
nnlab() {
	local spec="$tmp/$1.yaml" args=(--precision "$2" --threads "$3" --format json)
	local c1 cN
	c1=$(cpu "$tmp/one.json" "$tmp/nnlab" run --spec "$spec" --steps 1 "${args[@]}")
	cN=$(cpu "$tmp/epoch.json" "$tmp/nnlab" run --spec "$spec" --epochs 1 "${args[@]}")
	"$torch_python" - "$tmp/epoch.json" "$c1" "$cN" <<'EOF'
import json, sys
row = json.loads(open(sys.argv[1]).read().splitlines()[-1])
steps = row["step"]
cpu = (float(sys.argv[3]) - float(sys.argv[2])) * steps / (steps - 1)
print(json.dumps({"wall": row["train_seconds"], "cpu": cpu, "steps": steps}))
EOF
}

torch() { # torch MODEL PREC THREADS
	OMP_NUM_THREADS=$3 "$torch_python" bench/torch_epoch.py --model "$1" --dtype "$2" --threads "$3" |
		"$torch_python" -c 'import json, sys; r = json.loads(sys.stdin.read()); print(json.dumps({"wall": r["seconds"], "cpu": r["cpu_seconds"], "steps": r["steps"]}))'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$tmp/load"
for r in $(seq "$rounds"); do
	for m in "${models[@]}"; do
		for prec in float64 float32; do
			for t in 1 2; do
				echo "round $r/$rounds: $m $prec $t thread(s): nnlab, torch" >&2
				echo "$r $m $prec nnlab $t $(nnlab "$m" "$prec" "$t")" >>"$tmp/results"
				echo "$r $m $prec torch $t $(torch "$m" "$prec" "$t")" >>"$tmp/results"
			done
		done
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/load"

cpu_name=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
"$torch_python" - "$tmp/results" "$rounds" "$cpu_name" "$(nproc)" "$(cat "$tmp/load")" <<'EOF'
import json, statistics, sys
from collections import defaultdict

path, rounds, cpu, ncpu, load = sys.argv[1:6]
runs = defaultdict(list)  # (model, prec, side, threads) -> [(round, wall, cpu)]
for line in open(path):
    r, model, prec, side, threads, js = line.split(" ", 5)
    v = json.loads(js)
    runs[model, prec, side, int(threads)].append((int(r), v["wall"], v["cpu"]))
med = lambda xs: statistics.median(xs)
TARGET = {("mlp", "float32"): 0.8, ("lenet", "float32"): 1.0}
print(f"median of {rounds} rounds; {ncpu} CPUs: {cpu}; {load}")
print("seconds per epoch (wall | CPU); ratio = nnlab / best PyTorch of the same precision, wall time")
for model in ["mlp", "lenet"]:
    for prec in ["float64", "float32"]:
        if (model, prec, "nnlab", 1) not in runs:
            continue
        w = lambda side, t: med([x[1] for x in runs[model, prec, side, t]])
        c = lambda side, t: med([x[2] for x in runs[model, prec, side, t]])
        best_t = min([1, 2], key=lambda t: w("torch", t))
        best = w("torch", best_t)
        print(f"\n{model} {prec}")
        for side in ["nnlab", "torch"]:
            for t in [1, 2]:
                mark = "  <- best PyTorch" if side == "torch" and t == best_t else ""
                print(f"  {side:6} {t} thread{'s' if t > 1 else ' '}  wall {w(side, t):7.2f}  cpu {c(side, t):7.2f}{mark}")
        for t in [1, 2]:
            ratio = w("nnlab", t) / best
            per = []
            for (r, wall, _), (r2, tw1, _), (r3, tw2, _) in zip(runs[model, prec, "nnlab", t], runs[model, prec, "torch", 1], runs[model, prec, "torch", 2]):
                per.append(wall / min(tw1, tw2))
            goal = TARGET.get((model, prec))
            verdict = ""
            if goal is not None and t == 2:
                verdict = f"  target <= {goal:g}x: {'met' if ratio <= goal else 'MISSED'}"
            print(f"  nnlab {t} thread{'s' if t > 1 else ' '} / best PyTorch: {ratio:.2f}x (rounds: {', '.join(f'{p:.2f}' for p in per)}){verdict}")
        cr = c("nnlab", 1) / c("torch", 1)
        print(f"  CPU time, 1 thread each: nnlab / PyTorch {cr:.2f}x (rounds: "
              + ", ".join(f"{a[2] / b[2]:.2f}" for a, b in zip(runs[model, prec, "nnlab", 1], runs[model, prec, "torch", 1])) + ")")
EOF
