package spec

// Defaults, Validate and the facts about a spec that others read from it:
// InputWidth, Classes, IsClassification, OutputUnits.

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nnlab/nnlab/lab/spec/safetext"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

func isGenerated2D(set string) bool {
	switch set {
	case "circle", "xor", "gauss", "spiral", "moons", "regression2d":
		return true
	}
	return false
}

func isClassSet(set string) bool {
	switch set {
	case "circle", "xor", "gauss", "spiral", "moons":
		return true
	}
	return false
}

func isGenerated(set string) bool {
	return isGenerated2D(set) || set == "regression"
}

func isRegressionSet(set string) bool {
	return set == "regression" || set == "regression2d"
}

func isLabelLoss(loss string) bool {
	return loss == "cross_entropy" || loss == "hinge"
}

// effectiveLoss is Loss, or its default for the data set.
func (s *Spec) effectiveLoss() string {
	if s.Loss != "" {
		return s.Loss
	}
	return defaultLoss(s.Data.Set)
}

func defaultLoss(set string) string {
	switch {
	case isClassSet(set) || set == "fashion":
		return "cross_entropy"
	case isRegressionSet(set) || set == "inline":
		return "mse"
	}
	return ""
}

// defaultOutputActivation is the output layer's activation when the
// spec leaves it empty.
func defaultOutputActivation(loss string) string {
	switch loss {
	case "cross_entropy":
		return "softmax"
	case "bce":
		return "sigmoid"
	}
	return "linear"
}

// defaultHiddenActivation is a hidden layer's activation when the spec
// leaves it empty.
const defaultHiddenActivation = "tanh"

// InputWidth is the number of inputs the first layer sees: 2 plus one per
// derived feature for circle, xor, gauss, spiral, moons and regression2d; 1
// for regression; 784 for fashion; the width of the first inline input row.
// It is 0 when the data set is unknown or absent (function specs).
func (s *Spec) InputWidth() int {
	if s == nil || s.Function != nil {
		return 0
	}
	switch set := s.Data.Set; {
	case isGenerated2D(set):
		return 2 + len(s.Data.Features)
	case set == "regression":
		return 1
	case set == "fashion":
		return fashionWidth
	case set == "inline":
		if len(s.Data.Inputs) > 0 {
			return len(s.Data.Inputs[0])
		}
	}
	return 0
}

// IsClassification reports whether the data has classes: circle, xor,
// gauss, spiral, moons and fashion always do (whatever the loss); inline
// data does when the loss is cross_entropy, hinge or bce. regression and
// regression2d never do.
func (s *Spec) IsClassification() bool {
	if s == nil || s.Function != nil {
		return false
	}
	set := s.Data.Set
	switch {
	case isClassSet(set) || set == "fashion":
		return true
	case set == "inline":
		l := s.effectiveLoss()
		return isLabelLoss(l) || l == "bce"
	}
	return false
}

// UsesLabels reports whether the loss takes class indices as targets:
// cross_entropy and hinge.
func (s *Spec) UsesLabels() bool { return isLabelLoss(s.Loss) }

// Classes is the number of classes: 2 for circle, xor, gauss, spiral and
// moons, 10 for fashion; for inline data, 2 with bce and otherwise the
// largest label (train, validation or test) plus 1. It is 0 for regression.
func (s *Spec) Classes() int {
	if !s.IsClassification() {
		return 0
	}
	switch set := s.Data.Set; {
	case isClassSet(set):
		return 2
	case set == "fashion":
		return fashionClasses
	}
	if s.effectiveLoss() == "bce" {
		return 2
	}
	maxLabel := -1.0
	for _, rows := range [][][]float64{s.Data.Targets, s.Data.TestTargets, s.Data.ValidationTargets} {
		for _, r := range rows {
			if len(r) > 0 && r[0] > maxLabel && r[0] <= MaxUnits {
				maxLabel = r[0]
			}
		}
	}
	if maxLabel < 0 {
		return 0
	}
	return int(maxLabel) + 1
}

// OutputUnits is the number of units the output layer needs for the data
// and loss: one per class for cross_entropy and hinge, 1 for bce, and for
// mse and half_sse one per class (one-hot targets) on class data, 1 on
// regression and regression2d, and the target width on inline data. (With
// mse or half_sse on two-class data, 1 unit is also valid: its target is the
// class index, 0 or 1.) It is 0 when it cannot be known.
func (s *Spec) OutputUnits() int {
	if s == nil || s.Function != nil {
		return 0
	}
	loss := s.effectiveLoss()
	switch {
	case loss == "bce":
		return 1
	case s.IsClassification():
		return s.Classes()
	case isRegressionSet(s.Data.Set):
		return 1
	case s.Data.Set == "inline" && len(s.Data.Targets) > 0:
		return len(s.Data.Targets[0])
	}
	return 0
}

// ResolveDir makes a relative data.dir relative to base, the folder of the
// file the spec was read from, instead of the working directory.
func (s *Spec) ResolveDir(base string) {
	if d := s.Data.Dir; d != "" && !filepath.IsAbs(d) {
		s.Data.Dir = filepath.Join(base, d)
	}
}

// TrainSamples is the number of training samples of a spec completed by
// Defaults: for the generated sets n less the test share (rounded), less
// the validation share of what remains (rounded), for inline data the rows
// of data.inputs. It is 0 when only the data files can tell (fashion) and
// for function specs.
func (s *Spec) TrainSamples() int {
	if s == nil || s.Function != nil {
		return 0
	}
	switch d := s.Data; {
	case isGenerated(d.Set) && d.Test != nil:
		n := d.N - int(math.Round(float64(d.N)**d.Test))
		return n - ValidationSamples(n, d.Validation)
	case d.Set == "inline":
		return len(d.Inputs)
	}
	return 0
}

// ValidationSamples is how many of n training samples data.validation
// holds out: the share, rounded.
func ValidationSamples(n int, share float64) int {
	return int(math.Round(float64(n) * share))
}

// HasValidation says whether the data have a validation set: a
// data.validation share above 0 or inline validation rows.
func (s *Spec) HasValidation() bool {
	return s != nil && s.Function == nil && (s.Data.Validation > 0 || len(s.Data.ValidationInputs) > 0)
}

// hasTest says whether the data (defaults filled in) have a test set.
func (s *Spec) hasTest() bool {
	d := s.Data
	switch {
	case isGenerated(d.Set):
		return d.Test == nil || *d.Test > 0
	case d.Set == "inline":
		return len(d.TestInputs) > 0
	}
	return d.Set == "fashion"
}

// RestoresBest says whether a run of the spec (defaults filled in) ends
// with the weights of its best evaluation.
func (s *Spec) RestoresBest() bool {
	r := s.Regularization.RestoreBest
	return r != nil && *r
}

// functionStart is the default start of a test function, from
// DefaultStart, which the runner also reads.
func functionStart(name string) []float64 {
	if p, ok := DefaultStart[name]; ok {
		return []float64{p[0], p[1]}
	}
	return nil
}

func ptr(f float64) *float64 { return &f }

// Defaults fills every field left at its zero value with its default. It is
// idempotent and never fails: values it cannot default (an unknown data
// set, say) are left for Validate to report. The defaults are:
//
//	steps              1000 when steps and epochs are both 0
//	data.n             500 for the generated sets (fashion: 0 = every image)
//	data.noise         0.1 for the generated sets
//	data.test          0.5 for the generated sets
//	loss               cross_entropy for circle, xor, gauss, spiral, moons and
//	                   fashion; mse for regression, regression2d and inline
//	model.layers       one output layer of OutputUnits units when none is given
//	hidden activation  tanh for dense layers, linear for conv2d and batch_norm
//	output activation  softmax for cross_entropy, sigmoid for bce, else linear
//	batch_norm         momentum 0.1, eps 1e-5
//	dropout layers     rate 0.5
//	model.init         he_normal when the nonlinearity of every hidden dense
//	                   and conv2d layer (a linear layer's is that of the
//	                   batch_norm right after it) is relu or leaky_relu,
//	                   else xavier_normalized (none when model.weights is given)
//	model.init_std     0.01 when init is normal
//	model.init_limit   0.05 when init is uniform
//	optimizer.name     sgd
//	optimizer.lr       sgd 0.1, rmsprop 0.01, adagrad 0.01, adam and adamw 0.001
//	optimizer.alpha    0.99 (rmsprop)
//	optimizer.beta1/2  0.9 and 0.999 (adam, adamw)
//	optimizer.eps      1e-8 (rmsprop, adam, adamw), 1e-10 (adagrad)
//	optimizer.weight_decay 0.01 (adamw)
//	schedule.kind      constant
//	schedule.gamma     0.1 for step (exponential has no default)
//	schedule.t_max     steps for cosine, when steps is set
//	function.condition 10 for quadratic
//	function.start     quadratic (1, 1), rosenbrock (-1.5, 2), himmelblau (0, 0),
//	                   wells (-2, 0.5)
//	restore_best       true when early_stop is above 0
func (s *Spec) Defaults() {
	if s == nil {
		return
	}
	if s.Steps == 0 && s.Epochs == 0 {
		s.Steps = 1000
	}
	if f := s.Function; f != nil {
		if f.Name == "quadratic" && f.Condition == 0 {
			f.Condition = 10
		}
		if len(f.Start) == 0 {
			f.Start = functionStart(f.Name)
		}
	} else {
		s.dataDefaults()
		if s.Loss == "" {
			s.Loss = defaultLoss(s.Data.Set)
		}
		s.modelDefaults()
		if r := &s.Regularization; r.RestoreBest == nil && r.EarlyStop > 0 {
			r.RestoreBest = new(bool)
			*r.RestoreBest = true
		}
	}
	s.optimizerDefaults()
	sc := &s.Schedule
	if sc.Kind == "" {
		sc.Kind = "constant"
	}
	if sc.Kind == "step" && sc.Gamma == 0 {
		sc.Gamma = 0.1
	}
	if sc.Kind == "cosine" && sc.TMax == 0 && s.Steps > 0 {
		sc.TMax = s.Steps
	}
}

func (s *Spec) dataDefaults() {
	d := &s.Data
	if !isGenerated(d.Set) {
		return
	}
	if d.N == 0 {
		d.N = 500
	}
	if d.Noise == nil {
		d.Noise = ptr(0.1)
	}
	if d.Test == nil {
		d.Test = ptr(0.5)
	}
}

func (s *Spec) modelDefaults() {
	m := &s.Model
	if len(m.Layers) == 0 {
		if u := s.OutputUnits(); u > 0 {
			m.Layers = []LayerSpec{{Units: u}}
		}
	}
	for i := range m.Layers {
		l := &m.Layers[i]
		l.Activation = effectiveActivation(m.Layers, i, s.Loss)
		switch KindOf(*l) {
		case "batch_norm":
			if l.Momentum == 0 {
				l.Momentum = 0.1
			}
			if l.Eps == 0 {
				l.Eps = 1e-5
			}
		case "dropout":
			if l.Rate == nil {
				l.Rate = ptr(0.5)
			}
		}
	}
	hidden := hiddenWeighted(m.Layers)
	allRelu := len(hidden) > 0
	for _, i := range hidden {
		if a := m.Layers[nonlinearity(m.Layers, i, s.Loss)].Activation; a != "relu" && a != "leaky_relu" {
			allRelu = false
		}
	}
	if len(m.Weights) == 0 && m.Init == "" {
		m.Init = "xavier_normalized"
		if allRelu {
			m.Init = "he_normal"
		}
	}
	if m.Init == "normal" && m.InitStd == 0 {
		m.InitStd = 0.01
	}
	if m.Init == "uniform" && m.InitLimit == 0 {
		m.InitLimit = 0.05
	}
}

func (s *Spec) optimizerDefaults() {
	o := &s.Optimizer
	if o.Name == "" {
		o.Name = "sgd"
	}
	set := func(p **float64, v float64) {
		if *p == nil {
			*p = ptr(v)
		}
	}
	switch o.Name {
	case "sgd":
		set(&o.LR, 0.1)
	case "rmsprop":
		set(&o.LR, 0.01)
		set(&o.Alpha, 0.99)
		set(&o.Eps, 1e-8)
	case "adagrad":
		set(&o.LR, 0.01)
		set(&o.Eps, 1e-10)
	case "adam", "adamw":
		set(&o.LR, 0.001)
		set(&o.Beta1, 0.9)
		set(&o.Beta2, 0.999)
		set(&o.Eps, 1e-8)
	}
	if o.Name == "adamw" {
		set(&o.WeightDecay, 0.01)
	}
}

// validator collects problems.
type validator struct {
	r strictyaml.Reader
	// badTargets is set when inline targets are unusable, so that the
	// class count derived from them is not checked.
	badTargets bool
}

func (v *validator) add(path, format string, args ...any) {
	v.r.AddAt(0, path, format, args...)
}

func num(x float64) string {
	return fmt.Sprint(x)
}

// finite reports whether x is finite, and adds a problem when it is not.
func (v *validator) finite(path string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		v.add(path, "must be a finite number, got %s", num(x))
		return false
	}
	return true
}

// text checks that x is printable text of at most max bytes.
func (v *validator) text(path, x string, max int) {
	switch {
	case len(x) > max:
		v.add(path, "is %d bytes long, over the limit of %d", len(x), max)
	case !utf8.ValidString(x):
		v.add(path, "is not valid UTF-8 text")
	case strings.IndexFunc(x, unicode.IsControl) >= 0 || safetext.Find(x) >= 0:
		v.add(path, "contains a control, bidi or zero-width character (such as a tab, a newline or U+202E); use plain text")
	}
}

// rangeInt checks lo <= x <= hi.
func (v *validator) rangeInt(path string, x, lo, hi int) bool {
	if x < lo {
		v.add(path, "must be at least %d, got %d", lo, x)
		return false
	}
	if x > hi {
		v.add(path, "must be at most %d (a limit of nnlab), got %d", hi, x)
		return false
	}
	return true
}

// nonNeg checks a finite x >= 0.
func (v *validator) nonNeg(path string, x float64) {
	if v.finite(path, x) && x < 0 {
		v.add(path, "must be 0 or more, got %s", num(x))
	}
}

// positive checks a finite x > 0.
func (v *validator) positive(path string, x float64) {
	if v.finite(path, x) && x <= 0 {
		v.add(path, "must be above 0, got %s", num(x))
	}
}

// unit checks 0 <= x < 1.
func (v *validator) unit(path string, x float64) {
	if v.finite(path, x) && (x < 0 || x >= 1) {
		v.add(path, "must be from 0 to below 1, got %s", num(x))
	}
}

// between checks lo <= x <= hi.
func (v *validator) between(path string, x, lo, hi float64) {
	if v.finite(path, x) && (x < lo || x > hi) {
		v.add(path, "must be from %s to %s, got %s", num(lo), num(hi), num(x))
	}
}

// choice checks that name is allowed; empty means required when required
// is set. It reports whether name is known.
func (v *validator) choice(path, key, name string, required bool) bool {
	allowed := allowedNames[key]
	if name == "" {
		if required {
			v.add(path, "required (allowed: %s)", strings.Join(allowed, ", "))
		}
		return false
	}
	if !slices.Contains(allowed, name) {
		v.add(path, "unknown %s (allowed: %s)", strictyaml.Quote(name), strings.Join(allowed, ", "))
		return false
	}
	return true
}

// Validate reports every problem with s as a *ValidationError, or nil. It
// checks s as Defaults would complete it, without changing s, so it may be
// called before or after Defaults. Each problem reads "path: message", for
// example
//
//	model.layers[2].units: must be at least 1, got 0
//
// Load adds the file and line to each problem.
func (s *Spec) Validate() error {
	if s == nil {
		return &ValidationError{Problems: []*SpecError{{Msg: "no spec (nil)"}}}
	}
	d := s.Clone()
	d.Defaults()
	v := &validator{r: strictyaml.Reader{Max: maxProblems}}
	v.text("name", s.Name, maxName)
	v.rangeInt("steps", d.Steps, 0, MaxSteps)
	v.rangeInt("epochs", d.Epochs, 0, MaxEpochs)
	v.rangeInt("eval_every", d.EvalEvery, 0, MaxSteps)
	v.rangeInt("seeds", d.Seeds, 0, MaxSeeds)
	v.choice("precision", "precision", d.Precision, false)
	if d.Function != nil {
		v.function(s, d)
	} else {
		v.data(s, d)
		v.model(s, d)
		v.lossAndOutput(s, d)
		v.rangeInt("batch", d.Batch, 0, MaxBatch)
		v.regularization(s, d)
	}
	v.optimizer(d)
	v.schedule(d)
	return problemsError(&v.r, "")
}

func (v *validator) function(s, d *Spec) {
	f := d.Function
	if v.choice("function.name", "function.name", f.Name, true) {
		if f.Name == "quadratic" {
			if v.finite("function.condition", f.Condition) && f.Condition < 1 {
				v.add("function.condition", "must be at least 1 (the ratio of the largest to the smallest curvature), got %s", num(f.Condition))
			}
		} else if f.Condition != 0 {
			v.add("function.condition", "only used by quadratic, not %s", f.Name)
		}
	}
	if len(f.Start) != 2 && len(f.Start) != 0 {
		v.add("function.start", "has %s, want 2 (x and y)", count(len(f.Start), "value"))
	}
	for i, x := range f.Start {
		v.finite(fmt.Sprintf("function.start[%d]", i), x)
	}
	notUsed := func(path string, zero bool) {
		if !zero {
			v.add(path, "not used when function is set; remove it (or remove function to train a network)")
		}
	}
	notUsed("data", reflect.ValueOf(s.Data).IsZero())
	notUsed("model", reflect.ValueOf(s.Model).IsZero())
	notUsed("loss", s.Loss == "")
	notUsed("batch", s.Batch == 0)
	notUsed("epochs", s.Epochs == 0)
	notUsed("eval_every", s.EvalEvery == 0)
	notUsed("precision", s.Precision == "")
	notUsed("regularization", reflect.ValueOf(s.Regularization).IsZero())
	if s.Seeds > 1 {
		v.add("seeds", "a test function has no randomness: every seed walks the same path; leave seeds out")
	}
}

func (v *validator) data(s, d *Spec) {
	ds := &d.Data
	known := v.choice("data.set", "data.set", ds.Set, true)
	set := ds.Set
	gen := isGenerated(set)
	notUsed := func(path string, zero bool, why string) {
		if !zero && known {
			v.add(path, "not used by set %s%s", set, why)
		}
	}
	// data.n
	switch {
	case gen:
		v.rangeInt("data.n", ds.N, MinSamples, MaxSamples)
	case set == "fashion":
		if ds.N != 0 {
			v.rangeInt("data.n", ds.N, MinSamples, MaxFashion)
		}
	default:
		notUsed("data.n", ds.N == 0, " (the rows are the data)")
	}
	if gen || set == "fashion" {
		v.between("data.validation", ds.Validation, 0, MaxValidation)
	} else {
		notUsed("data.validation", ds.Validation == 0, " (give validation_inputs and validation_targets)")
	}
	if gen {
		if ds.Noise != nil {
			v.between("data.noise", *ds.Noise, 0, 1)
		}
		if ds.Test != nil {
			v.between("data.test", *ds.Test, 0, 0.9)
		}
	} else {
		notUsed("data.noise", ds.Noise == nil, "")
		why := ""
		if set == "fashion" {
			why = " (it has its own test set)"
		} else if set == "inline" {
			why = " (give test_inputs and test_targets)"
		}
		notUsed("data.test", ds.Test == nil, why)
	}
	// features
	if len(ds.Features) > 0 && known && !isGenerated2D(set) {
		v.add("data.features", "not used by set %s (derived features are for the 2-D sets: circle, xor, gauss, spiral, moons, regression2d)", set)
	} else {
		for i, f := range ds.Features {
			p := fmt.Sprintf("data.features[%d]", i)
			if v.choice(p, "data.features", f, true) && slices.Index(ds.Features, f) < i {
				v.add(p, "%s is listed twice", strictyaml.Quote(f))
			}
		}
	}
	notUsed("data.dir", ds.Dir == "" || set == "fashion", " (only fashion reads files)")
	v.text("data.dir", ds.Dir, 4096)
	if set != "inline" {
		notUsed("data.inputs", len(ds.Inputs) == 0, " (only inline)")
		notUsed("data.targets", len(ds.Targets) == 0, " (only inline)")
		notUsed("data.test_inputs", len(ds.TestInputs) == 0, " (only inline)")
		notUsed("data.test_targets", len(ds.TestTargets) == 0, " (only inline)")
		notUsed("data.validation_inputs", len(ds.ValidationInputs) == 0, " (only inline; use data.validation)")
		notUsed("data.validation_targets", len(ds.ValidationTargets) == 0, " (only inline; use data.validation)")
		return
	}
	v.inline(d)
}

// table checks a table of rows: count limits, equal widths, finite values.
// It returns the width of the rows (-1 when they are ragged or empty).
func (v *validator) table(path string, rows [][]float64, wantWidth int, widthOf string) int {
	if len(rows) > MaxInlineRows {
		v.add(path, "has %d rows, over the limit of %d", len(rows), MaxInlineRows)
		return -1
	}
	if len(rows) == 0 {
		return -1
	}
	width := len(rows[0])
	if wantWidth < 0 {
		if width == 0 {
			v.add(path+"[0]", "is empty; each row needs at least 1 value")
			return -1
		}
		if width > MaxInputWidth {
			v.add(path+"[0]", "has %d values, over the limit of %d", width, MaxInputWidth)
			return -1
		}
		widthOf = path + "[0]"
	} else {
		width = wantWidth
	}
	ok := true
	bad := 0
	for i, r := range rows {
		p := fmt.Sprintf("%s[%d]", path, i)
		if len(r) != width {
			v.add(p, "has %s, want %d (like %s)", count(len(r), "value"), width, widthOf)
			ok = false
			continue
		}
		for j, x := range r {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				if bad++; bad <= 3 {
					v.finite(fmt.Sprintf("%s[%d]", p, j), x)
				}
				ok = false
			}
		}
	}
	if !ok {
		return -1
	}
	return width
}

// heldOut checks inline data's test or validation rows (which): both or
// neither, as wide as the training rows.
func (v *validator) heldOut(which string, in, tg [][]float64, inW, tgW int) {
	ip, tp := "data."+which+"_inputs", "data."+which+"_targets"
	switch {
	case len(in) > 0 && len(tg) == 0:
		v.add(tp, "required when %s is given", ip)
	case len(tg) > 0 && len(in) == 0:
		v.add(ip, "required when %s is given", tp)
	case len(in) > 0:
		if inW > 0 {
			v.table(ip, in, inW, "data.inputs[0]")
		}
		if tgW > 0 {
			v.table(tp, tg, tgW, "data.targets[0]")
		}
		if len(tg) != len(in) {
			v.add(tp, "has %s, want %d (one per row of %s)", count(len(tg), "row"), len(in), ip)
		}
	}
}

func (v *validator) inline(d *Spec) {
	ds := &d.Data
	if len(ds.Inputs) == 0 {
		v.add("data.inputs", "required for set inline (one row of numbers per sample)")
	}
	if len(ds.Targets) == 0 {
		v.add("data.targets", "required for set inline (one row per row of data.inputs)")
	}
	inW := v.table("data.inputs", ds.Inputs, -1, "")
	tgW := v.table("data.targets", ds.Targets, -1, "")
	if len(ds.Targets) > 0 && len(ds.Inputs) > 0 && len(ds.Targets) != len(ds.Inputs) {
		v.add("data.targets", "has %s, want %d (one per row of data.inputs)", count(len(ds.Targets), "row"), len(ds.Inputs))
	}
	v.heldOut("test", ds.TestInputs, ds.TestTargets, inW, tgW)
	v.heldOut("validation", ds.ValidationInputs, ds.ValidationTargets, inW, tgW)
	loss := d.Loss
	if tgW < 0 {
		v.badTargets = true
	}
	if tgW < 0 || !(isLabelLoss(loss) || loss == "bce") {
		return
	}
	maxLabel, bad := -1.0, 0
	for _, t := range []struct {
		path string
		rows [][]float64
	}{{"data.targets", ds.Targets}, {"data.test_targets", ds.TestTargets}, {"data.validation_targets", ds.ValidationTargets}} {
		if tgW != 1 {
			if loss == "bce" {
				v.add(t.path, "bce needs one target per row (a value from 0 to 1), got %d columns", tgW)
			} else {
				v.add(t.path, "%s needs one class index per row, got %d columns", loss, tgW)
			}
			v.badTargets = true
			return
		}
		for i, r := range t.rows {
			if len(r) != 1 {
				continue
			}
			x, p := r[0], fmt.Sprintf("%s[%d]", t.path, i)
			switch {
			case loss == "bce" && (x < 0 || x > 1):
				if bad++; bad <= 3 {
					v.add(p, "bce needs targets from 0 to 1, got %s", num(x))
				}
			case loss != "bce" && (x < 0 || x != math.Trunc(x) || x >= MaxUnits):
				if bad++; bad <= 3 {
					v.add(p, "%s needs a class index (a whole number from 0 to %d), got %s", loss, MaxUnits-1, num(x))
				}
			case x > maxLabel:
				maxLabel = x
			}
		}
	}
	if bad > 0 {
		v.badTargets = true
	}
}

func (v *validator) model(s, d *Spec) {
	m := &d.Model
	L := len(m.Layers)
	if L == 0 {
		if isGenerated(d.Data.Set) || d.Data.Set == "fashion" || d.Data.Set == "inline" {
			v.add("model.layers", "required: at least the output layer (for example [{units: %d}])", max(d.OutputUnits(), 1))
		}
		return
	}
	if L > MaxLayers {
		v.add("model.layers", "has %d layers, over the limit of %d", L, MaxLayers)
		return
	}
	var w *walker
	if in := d.InputShape(); v.input(d) && in.Size() > 0 {
		w = newWalker(in)
	}
	v.layers(d, w)
	if out := m.Layers[L-1]; out.Units == 1 && len(s.Model.Layers) == L && s.Model.Layers[L-1].Activation == "softmax" {
		v.add(fmt.Sprintf("model.layers[%d].activation", L-1), "softmax over 1 unit always outputs 1; use sigmoid, or one unit per class")
	}
	if len(m.Weights) > 0 {
		if s.Model.Init != "" {
			v.add("model.init", "not used when model.weights is given")
		}
	} else {
		v.choice("model.init", "model.init", m.Init, false)
	}
	// init_std and init_limit may be set whatever the init, so that a
	// comparison varying init keeps them for normal and uniform.
	if m.InitStd != 0 {
		v.positive("model.init_std", m.InitStd)
	}
	if m.InitLimit != 0 {
		v.positive("model.init_limit", m.InitLimit)
	}
	v.finite("model.bias", m.Bias)
	v.weights(d)
}

// count writes "1 row", "3 rows", "2 entries".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func orDefault(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (v *validator) weights(d *Spec) {
	m := &d.Model
	if len(m.Weights) == 0 {
		return
	}
	for i, l := range m.Layers {
		if k := KindOf(l); k != "dense" {
			v.add("model.weights", "explicit weights are for models of dense layers only; model.layers[%d] is %s (use model.init)", i, k)
			return
		}
	}
	if len(m.Weights) != len(m.Layers) {
		v.add("model.weights", "has %s, want %d (one per layer)", count(len(m.Weights), "entry"), len(m.Layers))
		return
	}
	in := d.InputWidth()
	bad := 0
	for i, w := range m.Weights {
		p := fmt.Sprintf("model.weights[%d]", i)
		units := m.Layers[i].Units
		if units < 1 || units > MaxUnits {
			return // reported on the layer
		}
		if len(w.W) != units {
			v.add(p+".w", "has %s, want %d (units)", count(len(w.W), "row"), units)
		} else {
			for r, row := range w.W {
				if in > 0 && len(row) != in {
					v.add(fmt.Sprintf("%s.w[%d]", p, r), "has %s, want %d (the layer's input width)", count(len(row), "value"), in)
					continue
				}
				for c, x := range row {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						if bad++; bad <= 3 {
							v.finite(fmt.Sprintf("%s.w[%d][%d]", p, r, c), x)
						}
					}
				}
			}
		}
		if len(w.B) != 0 && !hasBias(m.Layers[i]) {
			v.add(p+".b", "the layer has no biases (bias: false); leave b out")
		} else if len(w.B) != 0 && len(w.B) != units {
			v.add(p+".b", "has %s, want %d (units), or leave it out for model.bias", count(len(w.B), "value"), units)
		}
		for j, x := range w.B {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				if bad++; bad <= 3 {
					v.finite(fmt.Sprintf("%s.b[%d]", p, j), x)
				}
			}
		}
		in = units
	}
}

// lossAndOutput checks that the loss fits the data and the output layer.
func (v *validator) lossAndOutput(s, d *Spec) {
	set := d.Data.Set
	if !v.choice("loss", "loss", d.Loss, false) || !slices.Contains(allowedNames["data.set"], set) {
		return
	}
	loss := d.Loss
	lossNote := ""
	if s.Loss == "" {
		lossNote = fmt.Sprintf(" (the default for %s)", set)
	}
	if isRegressionSet(set) && loss != "mse" && loss != "half_sse" {
		v.add("loss", "%s is for classes, but %s is regression data; use mse or half_sse", loss, set)
		return
	}
	L := len(d.Model.Layers)
	if L == 0 {
		return
	}
	out := d.Model.Layers[L-1]
	if out.Units < 1 || out.Units > MaxUnits {
		return
	}
	op := fmt.Sprintf("model.layers[%d]", L-1)
	act := safetext.Clean(out.Activation) // not checked yet: it may be anything
	if len(s.Model.Layers) == L && s.Model.Layers[L-1].Activation == "" {
		act += fmt.Sprintf(" (the default for %s)", loss)
	}
	classes := d.Classes()
	if set == "inline" && (v.badTargets || len(d.Data.Targets) == 0) {
		return // reported with the data
	}
	switch loss {
	case "cross_entropy", "hinge":
		if loss == "cross_entropy" && out.Activation != "softmax" && out.Activation != "linear" {
			v.add("loss", "cross_entropy%s needs a softmax or linear output layer, got %s", lossNote, act)
		}
		if loss == "hinge" && out.Activation != "linear" {
			v.add("loss", "hinge needs a linear output layer (raw scores), got %s", act)
		}
		switch {
		case set == "inline" && out.Units < max(classes, 2):
			// Inline labels need not use every class the output layer has.
			v.add(op+".units", "%s needs at least %d output units (one per class, labels 0 to %d), got %d", loss, max(classes, 2), max(classes, 2)-1, out.Units)
		case set != "inline" && classes > 1 && out.Units != classes:
			v.add(op+".units", "%s needs one output unit per class: %d for %s, got %d", loss, classes, set, out.Units)
		}
	case "bce":
		if classes != 2 {
			if classes > 2 {
				v.add("loss", "bce is for 2 classes, but %s has %d; use cross_entropy", set, classes)
			}
			return
		}
		if out.Activation != "sigmoid" || out.Units != 1 {
			v.add("loss", "bce needs a sigmoid output layer with 1 unit, got %s with %s", act, count(out.Units, "unit"))
		}
	default: // mse, half_sse
		switch want := d.OutputUnits(); {
		case classes == 2:
			if out.Units != 2 && out.Units != 1 {
				v.add(op+".units", "%s on %s needs 2 output units (one per class) or 1 (the class index as target), got %d", loss, set, out.Units)
			}
		case want > 0 && out.Units != want:
			switch {
			case classes > 0:
				v.add(op+".units", "%s on %s needs %d output units (one per class), got %d", loss, set, want, out.Units)
			case set == "inline":
				v.add(op+".units", "%s needs one output unit per target column: %d, got %d", loss, want, out.Units)
			default:
				v.add(op+".units", "%s needs %d output unit, got %d", set, want, out.Units)
			}
		}
	}
}

func (v *validator) regularization(s, d *Spec) {
	r := &d.Regularization
	v.nonNeg("regularization.l1", r.L1)
	v.nonNeg("regularization.l2", r.L2)
	v.rangeInt("regularization.early_stop", r.EarlyStop, 0, MaxSteps)
	if d.HasValidation() || d.hasTest() {
		return
	}
	why := "data.validation and data.test are 0"
	if d.Data.Set == "inline" {
		why = "give data.validation_inputs and data.validation_targets (or test_inputs and test_targets)"
	}
	if r.EarlyStop > 0 {
		v.add("regularization.early_stop", "needs a validation or test set to watch; %s", why)
	}
	if s.RestoresBest() { // given, not the default that follows early_stop
		v.add("regularization.restore_best", "needs a validation or test set to choose the best weights by; %s", why)
	}
}

// lrOf is an optimizer's learning rate, 0 when unset.
func lrOf(o *OptimizerSpec) float64 {
	if o.LR == nil {
		return 0
	}
	return *o.LR
}

func (v *validator) optimizer(d *Spec) {
	o := &d.Optimizer
	if !v.choice("optimizer.name", "optimizer.name", o.Name, true) {
		return
	}
	name := o.Name
	if o.LR != nil {
		v.positive("optimizer.lr", *o.LR)
	}
	if o.Momentum != 0 {
		if name == "sgd" || name == "rmsprop" {
			v.unit("optimizer.momentum", o.Momentum)
		} else if name == "adam" || name == "adamw" {
			v.add("optimizer.momentum", "not used by %s (its momentum is beta1)", name)
		} else {
			v.add("optimizer.momentum", "not used by %s (allowed for sgd and rmsprop)", name)
		}
	}
	if o.Nesterov {
		switch {
		case name != "sgd":
			v.add("optimizer.nesterov", "only for sgd, not %s", name)
		case !(o.Momentum > 0):
			v.add("optimizer.nesterov", "needs optimizer.momentum above 0")
		}
	}
	if o.WeightDecay != nil {
		v.nonNeg("optimizer.weight_decay", *o.WeightDecay)
		if name == "adamw" && *o.WeightDecay*lrOf(o) >= 1 {
			v.add("optimizer.weight_decay", "adamw multiplies every weight by 1 − lr·weight_decay each step; %s·%s = %s would flip or zero them: want lr·weight_decay below 1",
				num(lrOf(o)), num(*o.WeightDecay), num(lrOf(o)**o.WeightDecay))
		}
	}
	if o.ClipNorm != 0 {
		v.positive("optimizer.clip_norm", o.ClipNorm)
	}
	usedBy := func(path string, p *float64, owners ...string) {
		if p == nil {
			return
		}
		if !slices.Contains(owners, name) {
			v.add(path, "only used by %s, not %s", strings.Join(owners, " and "), name)
			return
		}
		v.unit(path, *p)
	}
	usedBy("optimizer.alpha", o.Alpha, "rmsprop")
	usedBy("optimizer.beta1", o.Beta1, "adam", "adamw")
	usedBy("optimizer.beta2", o.Beta2, "adam", "adamw")
	if o.Eps != nil {
		if name == "sgd" {
			v.add("optimizer.eps", "not used by sgd")
		} else {
			v.positive("optimizer.eps", *o.Eps)
		}
	}
}

func (v *validator) schedule(d *Spec) {
	sc := &d.Schedule
	// Parameters of other kinds may be given (a comparison that varies the
	// kind needs them all), so every parameter is checked where it is
	// given, whatever the kind; the kind that uses one also requires it.
	kind := ""
	if v.choice("schedule.kind", "schedule.kind", sc.Kind, false) {
		kind = sc.Kind
	}
	switch {
	case kind == "step" && sc.StepSize < 1:
		v.add("schedule.step_size", "step needs a step_size of at least 1, got %d", sc.StepSize)
	case sc.StepSize != 0:
		v.rangeInt("schedule.step_size", sc.StepSize, 1, MaxSteps)
	}
	if (kind == "step" || kind == "exponential" || sc.Gamma != 0) && v.finite("schedule.gamma", sc.Gamma) && (sc.Gamma <= 0 || sc.Gamma > 1) {
		if kind == "step" || kind == "exponential" {
			v.add("schedule.gamma", "%s needs gamma above 0 and at most 1, got %s", kind, num(sc.Gamma))
		} else {
			v.add("schedule.gamma", "must be above 0 and at most 1, got %s", num(sc.Gamma))
		}
	}
	v.nonNeg("schedule.k", sc.K)
	switch {
	case kind == "cosine" && sc.TMax < 1:
		v.add("schedule.t_max", "cosine needs a t_max of at least 1, got %d (it defaults to steps when steps is set)", sc.TMax)
	case sc.TMax != 0:
		v.rangeInt("schedule.t_max", sc.TMax, 1, MaxSteps)
	}
	v.nonNeg("schedule.lr_min", sc.LRMin)
	v.rangeInt("schedule.warmup", sc.Warmup, 0, MaxSteps)
	if r := sc.Momentum; r != nil {
		v.unit("schedule.momentum.from", r.From)
		v.unit("schedule.momentum.to", r.To)
		v.rangeInt("schedule.momentum.steps", r.Steps, 0, MaxSteps)
		if d.Optimizer.Name == "adagrad" {
			v.add("schedule.momentum", "adagrad has no momentum to ramp (use sgd, rmsprop or adam)")
		}
	}
}
