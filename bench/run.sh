#!/usr/bin/env bash
# Compares one training step of nnlab's nn package with the same step in
# PyTorch (one thread, float64 and float32), on the four shapes of
# nn/bench_test.go fed with real batches (circle-set points for the 2-D
# shapes, Fashion-MNIST images for the others), and prints a table with
# each float64 shape's target ratio (float32 rows have none).
#
#   bench/run.sh              the default build against torch
#   bench/run.sh --openblas   also the -tags openblas build (cgo, OpenBLAS)
#   bench/run.sh --purego     also the -tags purego build (no assembly: what
#                             processors without AVX2 and other
#                             architectures run; no target)
#
# Go: GOMAXPROCS=1 go test ./nn -run '^$' -bench BenchmarkStep -benchtime 2s
# (-count 1 per round), ns/op -> steps/s. Torch: bench/torch_step.py
# --dtype float64, then float32 (one timed run of >= 1 s per shape per
# round). The Go and torch runs alternate, ROUNDS times (default 3), so
# that both see the same load on a shared machine; each column is the
# median over the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."

openblas=0
purego=0
for arg in "$@"; do
	case "$arg" in
	--openblas) openblas=1 ;;
	--purego) purego=1 ;;
	-h | --help)
		sed -n '2,16p' "$0"
		exit 0
		;;
	*)
		echo "bench/run.sh: unknown argument $arg (allowed: --openblas, --purego)" >&2
		exit 2
		;;
	esac
done

rounds=${ROUNDS:-3}
benchtime=${BENCHTIME:-2s}
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build the test binaries first so compiling is not timed against torch.
GOMAXPROCS=1 go test -c -o "$tmp/nn.test" ./nn
if [ "$openblas" = 1 ]; then
	CGO_LDFLAGS=-lopenblas go test -c -tags openblas -o "$tmp/nn_openblas.test" ./nn
fi
if [ "$purego" = 1 ]; then
	go test -c -tags purego -o "$tmp/nn_purego.test" ./nn
fi

for r in $(seq 1 "$rounds"); do
	echo "round $r/$rounds: go" >&2
	GOMAXPROCS=1 "$tmp/nn.test" -test.run '^$' -test.bench BenchmarkStep \
		-test.benchtime "$benchtime" -test.count 1 >>"$tmp/go.txt"
	if [ "$openblas" = 1 ]; then
		echo "round $r/$rounds: go -tags openblas" >&2
		OPENBLAS_NUM_THREADS=1 GOMAXPROCS=1 "$tmp/nn_openblas.test" -test.run '^$' \
			-test.bench BenchmarkStep -test.benchtime "$benchtime" -test.count 1 >>"$tmp/openblas.txt"
	fi
	if [ "$purego" = 1 ]; then
		echo "round $r/$rounds: go -tags purego" >&2
		GOMAXPROCS=1 "$tmp/nn_purego.test" -test.run '^$' -test.bench BenchmarkStep \
			-test.benchtime "$benchtime" -test.count 1 >>"$tmp/purego.txt"
	fi
	echo "round $r/$rounds: torch" >&2
	"$torch_python" bench/torch_step.py --repeat 1 --dtype float64 >>"$tmp/torch64.jsonl"
	"$torch_python" bench/torch_step.py --repeat 1 --dtype float32 >>"$tmp/torch32.jsonl"
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
"$torch_python" - "$tmp" "$openblas" "$rounds" "$cpu" "$purego" <<'EOF'
import json, re, statistics, sys

tmp, openblas, rounds, cpu = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
purego = sys.argv[5] == "1"
# shape -> minimum float64 ratio to torch (pure Go, OpenBLAS)
TARGETS = {
    "2-8-8-2_b200": (20, None),
    "2-16-16-16-2_b32": (20, None),
    "64-128-64-10_b64": (0.5, 1.0),
    "784-256-128-10_b128": (0.2, 1.0),
}


def go_rates(path):
    """(shape, precision) -> steps/s of each round, in order."""
    rates = {}
    for line in open(path):
        m = re.match(r"BenchmarkStep/(\S+?)/(float\d\d)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
        if m:
            rates.setdefault((m.group(1), m.group(2)), []).append(1e9 / float(m.group(3)))
    return rates


def torch_rates(path, prec):
    out = {}
    for line in open(path):
        for k, v in json.loads(line).items():
            out.setdefault((k, prec), []).append(v)
    return out


torch_rounds = torch_rates(f"{tmp}/torch64.jsonl", "float64") | torch_rates(f"{tmp}/torch32.jsonl", "float32")
go_rounds = go_rates(f"{tmp}/go.txt")
blas_rounds = go_rates(f"{tmp}/openblas.txt") if openblas else {}
pure_rounds = go_rates(f"{tmp}/purego.txt") if purego else {}
med = lambda d: {k: statistics.median(v) for k, v in d.items()}
torch, go, blas, pure = med(torch_rounds), med(go_rounds), med(blas_rounds), med(pure_rounds)

print(f"median of {rounds} rounds; steps/s, one thread; CPU: {cpu}")
head = f"{'shape':22} {'prec':8} {'nnlab':>10} {'torch':>10} {'ratio':>8} {'target':>7}  result"
if openblas:
    head += f"   {'openblas':>10} {'ratio':>8} {'target':>7}  result"
if purego:
    head += f"   {'purego':>10} {'ratio':>8}"
print(head)
failed = False
for shape, (target, blas_target) in TARGETS.items():
    for prec in ["float64", "float32"]:
        key = (shape, prec)
        t = torch[key]
        ratio = go[key] / t
        if prec == "float64":
            ok = ratio >= target
            failed |= not ok
            tgt, verdict = ">=" + format(target, "g") + "x", "pass" if ok else "FAIL"
        else:
            tgt, verdict = "-", "-"
        line = f"{shape:22} {prec:8} {go[key]:10.1f} {t:10.1f} {ratio:7.2f}x {tgt:>7}  {verdict}"
        if openblas:
            b = blas[key]
            bratio = b / t
            if blas_target is None or prec != "float64":
                bverdict, btgt = "-", "-"
            else:
                bok = bratio >= blas_target
                failed |= not bok
                bverdict, btgt = ("pass" if bok else "FAIL"), ">=" + format(blas_target, "g") + "x"
            line += f"   {b:10.1f} {bratio:7.2f}x {btgt:>7}  {bverdict}"
        if purego:
            line += f"   {pure[key]:10.1f} {pure[key] / t:7.2f}x"
        print(line)
print()
print("per round (round i's Go run beside round i's torch run):")
for shape in TARGETS:
    for prec in ["float64", "float32"]:
        key = (shape, prec)
        per = [g / t for g, t in zip(go_rounds[key], torch_rounds[key])]
        line = f"  {shape:22} {prec} ratio {', '.join(f'{r:.1f}x' for r in per)}"
        line += f"   torch steps/s {', '.join(f'{t:.0f}' for t in torch_rounds[key])}"
        if openblas:
            per = [b / t for b, t in zip(blas_rounds[key], torch_rounds[key])]
            line += f"   openblas ratio {', '.join(f'{r:.1f}x' for r in per)}"
        print(line)
sys.exit(1 if failed else 0)
EOF
