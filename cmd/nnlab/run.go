package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/data"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/safefile"
	"github.com/nnlab/nnlab/nn"
)

// specFlags are the flags that set common spec fields; each maps to a path
// that spec.Spec.Set accepts. They override a --spec file.
var specFlags = []struct{ name, path, help string }{
	{"dataset", "data.set", "data set: circle, xor, gauss, spiral, moons, regression, regression2d, fashion"},
	{"noise", "data.noise", "noise of a generated data set, 0 to 1"},
	{"n", "data.n", "samples of a generated data set (train and test)"},
	{"layers", "layers", "hidden layer widths, e.g. 16,16"},
	{"activation", "activation", "hidden activation: linear, sigmoid, tanh, relu, leaky_relu"},
	{"init", "model.init", "initializer: zeros, normal, uniform, xavier, xavier_normalized, xavier_normal, he_uniform, he_normal"},
	{"loss", "loss", "loss: mse, cross_entropy, bce, hinge, half_sse"},
	{"optimizer", "optimizer.name", "optimizer: sgd, rmsprop, adagrad, adam, adamw"},
	{"lr", "optimizer.lr", "learning rate"},
	{"momentum", "optimizer.momentum", "momentum (sgd, rmsprop)"},
	{"batch", "batch", "mini-batch size (0: full batch)"},
	{"steps", "steps", "training steps"},
	{"epochs", "epochs", "training epochs"},
	{"seed", "seed", "random seed"},
	{"seeds", "seeds", "compare: runs of each configuration, with seeds seed, seed+1, ... (1 to 16)"},
	{"validation", "data.validation", "share of the training samples held out for validation, 0 to 0.5"},
	{"dropout", "dropout", "dropout rate of every hidden layer"},
	{"l2", "regularization.l2", "L2 penalty"},
	{"precision", "precision", "floating-point precision: float64 (the default), float32"},
}

// threadsOption registers --threads on fs and returns a function that
// reads it once fs is parsed: the flag, else NNLAB_THREADS, else 0 (the
// number of CPUs).
func threadsOption(fs interface {
	Int(name string, value int, usage string) *int
}) func() (int, error) {
	n := fs.Int("threads", 0, "threads training uses in all (default: $"+lab.EnvThreads+", else the number of CPUs)")
	return func() (int, error) {
		if *n != 0 {
			if *n < 1 || *n > nn.MaxThreads {
				return 0, badInput(fmt.Errorf("--threads: must be 1 to %d, got %d", nn.MaxThreads, *n))
			}
			return *n, nil
		}
		env, err := lab.ThreadsFromEnv()
		if err != nil {
			return 0, badInput(err)
		}
		return env, nil
	}
}

// baseSpec is the experiment flags start from when no --spec is given.
const baseSpec = `seed: 1
data: {set: circle}
model:
  layers:
    - {units: 8, activation: tanh}
    - {units: 8, activation: tanh}
    - {units: 2, activation: softmax}
loss: cross_entropy
optimizer: {name: sgd, lr: 0.1}
batch: 32
steps: 1000
`

// specOptions registers --spec, --data-dir and the spec flags on fs and
// returns a function that builds the spec once fs is parsed.
//
// Flags named in skip are left out (a command that gives the name another
// meaning).
func specOptions(fs interface {
	String(name, value, usage string) *string
}, skip ...string) func() (*spec.Spec, string, error) {
	file := fs.String("spec", "", "experiment spec file (YAML or JSON)")
	dataDir := fs.String("data-dir", "", "folder with the Fashion-MNIST IDX files (default: $NNLAB_DATA, Debian's, then the embedded subset)")
	vals := make([]*string, len(specFlags))
	empty := ""
	for i, f := range specFlags {
		vals[i] = &empty
		if !slices.Contains(skip, f.name) {
			vals[i] = fs.String(f.name, "", f.help)
		}
	}
	return func() (*spec.Spec, string, error) {
		name, text := "built-in default spec", []byte(baseSpec)
		if *file != "" {
			b, err := safefile.ReadFile(nil, *file, spec.MaxFileBytes)
			if err != nil {
				return nil, "", badInput(err)
			}
			name, text = *file, b
		}
		s, err := spec.Load(text, name)
		if err != nil {
			return nil, "", badInput(err)
		}
		if *file != "" {
			s.ResolveDir(filepath.Dir(*file))
		}
		zeroSteps := false
		for i, f := range specFlags {
			if *vals[i] == "" {
				continue
			}
			if err := s.Set(f.path, *vals[i]); err != nil {
				return nil, "", badInput(fmt.Errorf("--%s %s: %v", f.name, *vals[i], err))
			}
			if f.name == "steps" && s.Steps == 0 {
				zeroSteps = true
			}
		}
		if zeroSteps && s.Epochs == 0 {
			return nil, "", badInput(fmt.Errorf("--steps 0: want at least 1 step (--steps 0 means no step limit only beside --epochs)"))
		}
		check := s.Clone()
		check.Defaults()
		if err := check.Validate(); err != nil {
			return nil, "", badInput(err)
		}
		return s, *dataDir, nil
	}
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "run [--spec FILE] [flags]", stdout)
	build := specOptions(fs)
	threads := threadsOption(fs)
	every := fs.Int("every", 0, "print a row every K steps (default: about 20 rows; 1: every step's batch loss before its update)")
	format := fs.String("format", "table", "row format: table, csv, json")
	dump := fs.String("dump-weights", "", "write the final weights to this file (YAML, the spec's model.weights layout)")
	plotFile := plotFlag(fs)
	maxMem := memoryFlag(fs)
	if err := fs.parse(args); err != nil {
		return err
	}
	if err := lab.CheckFormat(*format); err != nil {
		return badInput(err)
	}
	if *every < 0 {
		return badInput(fmt.Errorf("--every: must be at least 1, got %d", *every))
	}
	base, dataDir, err := build()
	if err != nil {
		return err
	}
	if n := base.SeedCount(); n > 1 {
		return badInput(fmt.Errorf("seeds: %d: nnlab run trains one seed; train several with nnlab compare --seeds %d, or give --seeds 1", n, n))
	}
	if err := lab.CheckMemory([]*spec.Spec{base}, lab.Options{MaxMemory: *maxMem}); err != nil {
		return badInput(err)
	}
	nthreads, err := threads()
	if err != nil {
		return err
	}
	var out *output
	if *dump != "" {
		if base.Function != nil {
			return badInput(fmt.Errorf("--dump-weights: a test-function run has no weights to write"))
		}
		if out, err = openOutput("--dump-weights", *dump); err != nil {
			return err
		}
		defer out.abandon()
	}
	pl, err := openPlot(*plotFile)
	if err != nil {
		return err
	}
	defer pl.abandon()
	ctx, stop := interruptible(stderr)
	defer stop()
	s := base.Clone()
	s.Defaults()
	var set *data.Set
	loadStart := time.Now()
	if s.Function == nil {
		if set, err = lab.LoadData(s, dataDir); err != nil {
			return badInput(fmt.Errorf("data: %v", err))
		}
		if set.Note != "" {
			fmt.Fprintf(stderr, "data: %s\n", set.Note)
		}
	}
	loaded := time.Since(loadStart)
	t, err := lab.NewTrainer(base, set, dataDir, lab.WithThreads(lab.ThreadsPerRun(nthreads, 1)))
	if err != nil {
		return badInput(err)
	}
	defer t.Close()
	if *dump != "" && t.Net != nil {
		for i := 0; i < t.Net.NumLayers(); i++ {
			if k := t.Net.Layer(i).Kind; k != nn.Dense {
				return badInput(fmt.Errorf("--dump-weights: writes the weights of dense networks (model.weights), but model.layers[%d] is %s", i, k))
			}
		}
	}
	layers := 0
	if t.Net != nil {
		layers = len(t.Net.Stats())
		// The summary goes first: on stdout beside a table, on stderr when
		// stdout carries CSV or JSON.
		sum := stdout
		if *format != "table" {
			sum = stderr
		}
		fmt.Fprintf(sum, "%s\n", lab.ModelSummary(t.Net))
	}
	rw, err := lab.NewRowWriter(stdout, *format, layers, t.Set != nil && t.Set.Val.N > 0)
	if err != nil {
		return badInput(err)
	}
	k := *every
	if k == 0 {
		k = max(1, t.MaxSteps()/20)
	}
	defer t.StopWhenDone(ctx)()
	bar := newProgress(stderr, t.MaxSteps())
	for !t.Finished() && ctx.Err() == nil {
		t.Step()
		bar.update(t.StepCount(), t.Loss())
		if t.StepCount()%k == 0 && !t.Finished() && ctx.Err() == nil {
			if err := rw.Write(lab.RowOf(t)); err != nil {
				return err
			}
		}
	}
	bar.done()
	if st, _ := t.Status(); st != lab.Diverged {
		t.Evaluate(ctx, 0)
	}
	final := lab.RowOf(t)
	if e := t.LastEval(); e.Step == t.StepCount() {
		final.Eval = &e
	}
	train, eval := t.Times()
	final.Times = &lab.Times{Load: micros(loaded), Train: micros(train), Eval: micros(eval)}
	if err := rw.Write(final); err != nil {
		return err
	}
	_, why := t.Status()
	stopped := interrupted(ctx)
	if stopped != nil {
		why = fmt.Sprintf("interrupted at step %d", t.StepCount())
	}
	if *format == "table" {
		fmt.Fprintf(stdout, "%s\n", why)
	} else {
		fmt.Fprintf(stderr, "%s\n", why)
	}
	if out != nil {
		if err := out.write(lab.DumpWeights(t.Net)); err != nil {
			return fmt.Errorf("--dump-weights: %w", err)
		}
	}
	if err := pl.write(base.Name, "", []lab.Curves{t.Curves(base.Name)}); err != nil {
		return err
	}
	return stopped
}

// micros is d in seconds, rounded to the microsecond.
func micros(d time.Duration) float64 { return d.Round(time.Microsecond).Seconds() }

// progress draws a one-line progress bar on stderr when it is a terminal.
type progress struct {
	w     io.Writer
	on    bool
	total int
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, on: total > 0 && isTerminal(w), total: total}
}

func (p *progress) update(step int, loss float64) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	done := min(width, step*width/p.total)
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% step %d/%d loss %.4g ", strings.Repeat("#", done), strings.Repeat(".", width-done),
		step*100/p.total, step, p.total, loss)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 72))
	}
}
