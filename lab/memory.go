package lab

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/nn"
)

// Estimate is the memory a run, or runs side by side, will hold, in bytes.
type Estimate struct {
	// Network is parameters, gradients, optimizer state and the network's
	// workspaces: one per batch size it sees (the training batch and an
	// epoch's last one, evaluation chunks, the view grid, the samples
	// shown), as nn.EstimateBytes counts them; with restore_best, the copy
	// of the best weights (nn.StateBytes).
	Network int64
	// Data is the data set held in memory, train and test.
	Data int64
	// Buffers are the trainer's own: batch and evaluation buffers, the
	// sample order, and the inputs of the views.
	Buffers int64
}

// Total is the whole estimate.
func (e Estimate) Total() int64 { return e.Network + e.Data + e.Buffers }

func (e Estimate) String() string {
	return fmt.Sprintf("about %s (network %s: parameters, optimizer state and workspaces; data %s; buffers %s)",
		FormatBytes(e.Total()), FormatBytes(e.Network), FormatBytes(e.Data), FormatBytes(e.Buffers))
}

// splitSizes are the training, validation and test samples a (defaulted)
// spec loads.
func splitSizes(s *spec.Spec) (train, val, test int) {
	d := s.Data
	switch d.Set {
	case "inline":
		return len(d.Inputs), len(d.ValidationInputs), len(d.TestInputs)
	case "fashion":
		train, test = 60000, 10000
		if d.N > 0 {
			test = fashionTest(d.N)
			train = d.N - test
		}
	default:
		share := 0.5
		if d.Test != nil {
			share = *d.Test
		}
		test = int(math.Round(float64(d.N) * share))
		train = d.N - test
	}
	val = spec.ValidationSamples(train, d.Validation)
	return train - val, val, test
}

// fashionTest is how many of n Fashion-MNIST images are test images: a
// sixth, at most the 10,000 of the test file, at least one.
func fashionTest(n int) int { return max(1, min(n/6, 10000)) }

// EstimateRun estimates what one run of s (defaults applied to a copy;
// the spec must be valid) holds in memory, with the views opt asks for.
// It allocates nothing of that size.
func EstimateRun(s *spec.Spec, opt Options) (Estimate, error) {
	d := s.Clone()
	d.Defaults()
	if err := d.Validate(); err != nil {
		return Estimate{}, err
	}
	if d.Function != nil {
		return Estimate{}, nil
	}
	const f64, word = 8, 8
	in, outs := int64(d.InputShape().Size()), int64(max(d.OutputUnits(), 1))
	train, val, test := splitSizes(d)
	n := int64(train + val + test)
	var e Estimate
	// Data: images are kept as bytes, everything else as float64; labels
	// as ints, regression targets as float64 rows.
	if d.Data.Set == "fashion" {
		e.Data = n * in
	} else {
		e.Data = n * in * f64
	}
	if d.IsClassification() {
		e.Data += n * word
	} else {
		e.Data += n * outs * f64
	}
	batch := d.Batch
	if batch <= 0 || batch > train {
		batch = train
	}
	cfg, err := specConfig(d)
	if err != nil {
		return Estimate{}, err
	}
	cfg.Threads = opt.Threads // conv layers keep some buffers per thread
	optCfg, _, _, err := optimizerOf(d)
	if err != nil {
		return Estimate{}, err
	}
	chunk := evalChunk
	if big, err := bigWorkspace(cfg, optCfg); err != nil {
		return Estimate{}, err
	} else if big {
		chunk = min(batch, evalChunk)
	}
	rows := workspaceRows(batch, train, chunk, opt, val, test)
	if e.Network, err = nn.EstimateBytes(cfg, optCfg, rows...); err != nil {
		return Estimate{}, fmt.Errorf("model.%v", err)
	}
	if d.RestoresBest() { // the copy of the best weights
		ckpt, err := nn.StateBytes(cfg)
		if err != nil {
			return Estimate{}, fmt.Errorf("model.%v", err)
		}
		e.Network += ckpt
	}
	b, ec := int64(batch), int64(evalChunk)
	x := int64(f64) // a batch's inputs are in the network's precision
	if cfg.Precision == nn.Float32 {
		x = 4
	}
	e.Buffers = (b+ec)*(in*x+word+outs*f64) + // batch and evaluation buffers
		int64(train)*word + int64(max(train, val, test, evalChunk))*word // order, indices
	if g := int64(opt.GridW) * int64(opt.GridH); g > 0 && g <= 1<<16 {
		e.Buffers += g * (in + 1) * f64
	}
	for _, k := range []int{opt.EmbedSamples, opt.Samples} {
		e.Buffers += int64(k) * (in*f64 + word + outs*f64)
	}
	return e, nil
}

// workspaceRows are the batch sizes a run's network sees: the training
// batch and an epoch's shorter last one, the evaluation chunks of chunk
// samples of the training set and the held-out ones (periodic evaluations
// on at most evalLimit samples, the final one on all), and the views.
func workspaceRows(batch, train, chunk int, opt Options, heldOut ...int) []int {
	rows := []int{batch}
	add := func(r int) {
		if r > 0 && !slices.Contains(rows, r) {
			rows = append(rows, r)
		}
	}
	add(train % batch)
	for _, n := range append([]int{train}, heldOut...) {
		for _, m := range []int{n, min(n, evalLimit)} {
			add(min(m, chunk))
			add(m % chunk)
		}
	}
	if g := opt.GridW * opt.GridH; g <= 1<<16 {
		add(g)
	}
	add(opt.EmbedSamples)
	add(opt.Samples)
	return rows
}

// EstimateRuns estimates runs held side by side (a comparison): their
// networks and buffers add up; runs on the same data share it. A spec of
// several seeds counts once per seed (SeedRuns).
func EstimateRuns(specs []*spec.Spec, opt Options) (Estimate, error) {
	var total Estimate
	var seen []*spec.Spec
	for i, s := range SeedRuns(specs) {
		e, err := EstimateRun(s, opt)
		if err != nil {
			return Estimate{}, fmt.Errorf("run %d (%s): %v", i+1, s.Name, err)
		}
		total.Network += e.Network
		total.Buffers += e.Buffers
		if !slices.ContainsFunc(seen, func(o *spec.Spec) bool { return sameData(o, s) }) {
			total.Data += e.Data
			seen = append(seen, s)
		}
	}
	return total, nil
}

// CheckMemory refuses runs held side by side whose estimate is above
// opt.MaxMemory (0: no budget), with the estimate in the error.
func CheckMemory(specs []*spec.Spec, opt Options) error {
	if opt.MaxMemory <= 0 {
		return nil
	}
	e, err := EstimateRuns(specs, opt)
	if err != nil {
		return err
	}
	if e.Total() <= opt.MaxMemory {
		return nil
	}
	what := "the run needs"
	if n := len(SeedRuns(specs)); n > 1 {
		what = fmt.Sprintf("the %d runs need", n)
	}
	return &MemoryError{Msg: fmt.Sprintf("%s %v, above the memory budget of %s; make the batch, the layers or the data smaller, or raise the budget with --max-memory",
		what, e, FormatBytes(opt.MaxMemory))}
}

// MemoryError is a run refused for its memory.
type MemoryError struct{ Msg string }

func (e *MemoryError) Error() string { return e.Msg }

// DefaultMaxMemory is the budget when none is given: half of the machine's
// memory (MemTotal in /proc/meminfo), or 0 (none) where that cannot be read.
func DefaultMaxMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil || kb <= 0 {
				return 0
			}
			return kb * 1024 / 2
		}
	}
	return 0
}

// byteUnits are the suffixes ParseBytes reads, powers of 1024.
var byteUnits = []struct {
	names []string
	size  int64
}{
	{[]string{"TIB", "TB", "T"}, 1 << 40},
	{[]string{"GIB", "GB", "G"}, 1 << 30},
	{[]string{"MIB", "MB", "M"}, 1 << 20},
	{[]string{"KIB", "KB", "K"}, 1 << 10},
	{[]string{"B", ""}, 1},
}

// ParseBytes reads a memory size: a number with an optional unit K, M, G or
// T (also KB, KiB, ...; all powers of 1024), such as 512M, 1.5GiB or 2000000.
func ParseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	for _, u := range byteUnits {
		for _, name := range u.names {
			num, ok := strings.CutSuffix(t, name)
			if !ok {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || !(v > 0) || v*float64(u.size) >= math.MaxInt64 {
				continue
			}
			return int64(v * float64(u.size)), nil
		}
	}
	return 0, errors.New("want a size above 0 such as 512M, 4G or 1.5GiB (units K, M, G, T are powers of 1024)")
}

// FormatBytes writes a size for people: 1.50 GiB, 300 MiB, 12.0 KiB, 80 B.
func FormatBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v, unit := float64(n)/1024, "KiB"
	for _, u := range []string{"MiB", "GiB", "TiB"} {
		if v < 1024 {
			break
		}
		v, unit = v/1024, u
	}
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f %s", v, unit)
	case v < 100:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.0f %s", v, unit)
}

// sameData tells whether two specs load the same data (seeded generators
// included), so that runs side by side can share it.
func sameData(a, b *spec.Spec) bool {
	return a.Seed == b.Seed && reflect.DeepEqual(a.Data, b.Data)
}
