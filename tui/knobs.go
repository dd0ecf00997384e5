package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
)

// knob is one row of the playground: it reads its value from a spec (with
// defaults filled in) and steps it on the spec as written (Set works
// before Defaults).
type knob struct {
	name string
	live bool // applied to the running run without a restart
	// get is the value shown; "" means the knob does not apply.
	get func(d *spec.Spec) string
	// step moves the value one choice left (−1) or right (+1) from cur.
	step func(s *spec.Spec, cur string, dir int) error
}

// The playground's choices.
var (
	classSets   = []string{"circle", "xor", "gauss", "spiral", "moons"}
	noises      = []string{"0", "0.05", "0.1", "0.2", "0.3", "0.5"}
	trainShares = []string{"10", "20", "30", "40", "50", "60", "70", "80", "90"}
	featureList = []string{"x2", "y2", "xy", "sinx", "siny"}
	activations = []string{"tanh", "relu", "leaky_relu", "sigmoid", "linear"}
	inits       = []string{"xavier", "xavier_normalized", "xavier_normal", "he_uniform", "he_normal", "normal", "uniform", "zeros"}
	classLosses = []string{"cross_entropy", "mse", "hinge", "bce"}
	optimizers  = []string{"sgd", "rmsprop", "adagrad", "adam", "adamw"}
	rates       = []string{"0.0001", "0.0003", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"}
	momenta     = []string{"0", "0.5", "0.9", "0.95", "0.99"}
	batches     = []string{"1", "4", "8", "10", "16", "32", "64", "128", "0"}
	dropouts    = []string{"0", "0.1", "0.2", "0.3", "0.5"}
	penalties   = []string{"0", "0.0001", "0.0003", "0.001", "0.003", "0.01", "0.03", "0.1"}
	stepCounts  = []string{"500", "1000", "2000", "5000", "10000", "20000", "50000"}
	// schedules are the kinds with the settings each needs.
	schedules = []string{"constant", "step; step_size=1000; gamma=0.5", "exponential; gamma=0.9995", "inverse_time; k=0.001", "cosine"}
)

// Limits of the playground's network (larger ones through a spec file).
const (
	maxHidden = 8
	maxUnits  = 32
)

// featureNames are how the knobs name the derived features.
var featureNames = map[string]string{"x2": "x²", "y2": "y²", "xy": "x·y", "sinx": "sin x", "siny": "sin y"}

// knobsFor lists the playground's rows for a spec (d with defaults): one
// row per hidden layer's width, so the list follows the network.
func knobsFor(d *spec.Spec) []knob {
	ks := []knob{
		{name: "problem", get: problemOf, step: func(s *spec.Spec, cur string, dir int) error {
			if cur == "regression" {
				return setProblem(s, "classification")
			}
			return setProblem(s, "regression")
		}},
		listKnob("data", "dataset", func(d *spec.Spec) []string {
			if problemOf(d) == "regression" {
				return []string{"regression2d"}
			}
			return classSets
		}),
		listKnob("noise", "noise", fixed(noises)),
		{name: "train %", get: trainShare, step: func(s *spec.Spec, cur string, dir int) error {
			v := stepChoice(trainShares, cur, dir)
			pct, _ := strconv.Atoi(v)
			return s.Set("test", strconv.FormatFloat(float64(100-pct)/100, 'g', -1, 64))
		}},
	}
	for _, f := range featureList {
		ks = append(ks, knob{name: "input " + featureNames[f], get: func(d *spec.Spec) string {
			if !isPlane(d) {
				return ""
			}
			if slices.Contains(d.Data.Features, f) {
				return "on"
			}
			return "off"
		}, step: func(s *spec.Spec, cur string, dir int) error { return toggleFeature(s, f) }})
	}
	ks = append(ks, knob{name: "layers", get: func(d *spec.Spec) string {
		if !denseOnly(d) {
			return ""
		}
		return strconv.Itoa(len(hiddenWidths(d)))
	}, step: func(s *spec.Spec, cur string, dir int) error {
		w := hiddenWidths(s)
		switch {
		case dir > 0 && len(w) < maxHidden:
			last := 4
			if len(w) > 0 {
				last = w[len(w)-1]
			}
			w = append(w, last)
		case dir < 0 && len(w) > 0:
			w = w[:len(w)-1]
		default:
			return fmt.Errorf("layers: 0 to %d hidden layers here (more through a spec file)", maxHidden)
		}
		return s.Set("layers", joinInts(w))
	}})
	if denseOnly(d) {
		for i := range hiddenWidths(d) {
			path := fmt.Sprintf("model.layers[%d].units", i)
			ks = append(ks, knob{name: fmt.Sprintf("  L%d units", i+1), get: func(d *spec.Spec) string {
				v, _ := d.Get(path)
				return v
			}, step: func(s *spec.Spec, cur string, dir int) error {
				n, _ := strconv.Atoi(cur)
				n = max(1, min(maxUnits, n+dir))
				return s.Set(path, strconv.Itoa(n))
			}})
		}
	}
	ks = append(ks,
		listKnob("activation", "activation", fixed(activations)),
		listKnob("init", "init", fixed(inits)),
		knob{name: "loss", get: func(d *spec.Spec) string { return d.Loss }, step: func(s *spec.Spec, cur string, dir int) error {
			if problemOf(s) == "regression" {
				return fmt.Errorf("loss: regression here uses mse")
			}
			return setLoss(s, stepChoice(classLosses, cur, dir))
		}},
		listKnob("optimizer", "optimizer", fixed(optimizers)),
		liveKnob(listKnob("lr", "lr", fixed(rates))),
		liveKnob(knob{name: "momentum", get: func(d *spec.Spec) string {
			if d.Optimizer.Name != "sgd" && d.Optimizer.Name != "rmsprop" {
				return ""
			}
			v, _ := d.Get("momentum")
			return v
		}, step: listStep("momentum", fixed(momenta))}),
		liveKnob(listKnob("batch", "batch", fixed(batches))),
		liveKnob(listKnob("dropout", "dropout", fixed(dropouts))),
		listKnob("L1", "l1", fixed(penalties)),
		listKnob("L2", "l2", fixed(penalties)),
		listKnob("residual", "residual", fixed([]string{"false", "true"})),
		knob{name: "schedule", get: scheduleOf, step: func(s *spec.Spec, cur string, dir int) error {
			d := s.Clone()
			d.Defaults()
			return setVariant(s, "schedule", stepChoice(schedules, scheduleChoice(d), dir))
		}},
		listKnob("steps", "steps", fixed(stepCounts)),
		knob{name: "seed", get: func(d *spec.Spec) string { return strconv.FormatUint(d.Seed, 10) }, step: func(s *spec.Spec, cur string, dir int) error {
			if dir < 0 && s.Seed == 0 {
				return nil
			}
			s.Seed = uint64(int64(s.Seed) + int64(dir))
			return nil
		}},
	)
	return ks
}

func fixed(vs []string) func(*spec.Spec) []string { return func(*spec.Spec) []string { return vs } }

func liveKnob(k knob) knob { k.live = true; return k }

// listKnob is a knob over Get(path) and Set(path) with choices.
func listKnob(name, path string, choices func(*spec.Spec) []string) knob {
	return knob{name: name, get: func(d *spec.Spec) string {
		v, err := d.Get(path)
		if err != nil {
			return ""
		}
		return v
	}, step: listStep(path, choices)}
}

func listStep(path string, choices func(*spec.Spec) []string) func(*spec.Spec, string, int) error {
	return func(s *spec.Spec, cur string, dir int) error {
		return s.Set(path, stepChoice(choices(s), cur, dir))
	}
}

// stepChoice is the choice dir steps away from cur (wrapping around). A
// number that is not a choice steps to the nearest choice on that side.
func stepChoice(choices []string, cur string, dir int) string {
	n := len(choices)
	if i := slices.Index(choices, cur); i >= 0 {
		return choices[((i+dir)%n+n)%n]
	}
	if v, err := strconv.ParseFloat(cur, 64); err == nil {
		if dir > 0 {
			for _, c := range choices {
				if f, err := strconv.ParseFloat(c, 64); err == nil && f > v {
					return c
				}
			}
		} else {
			for i := n - 1; i >= 0; i-- {
				if f, err := strconv.ParseFloat(choices[i], 64); err == nil && f < v {
					return choices[i]
				}
			}
		}
	}
	return choices[0]
}

// problemOf is "regression" for regression2d, "classification" for the
// other 2-D sets and "" for data the playground does not generate.
func problemOf(d *spec.Spec) string {
	switch {
	case d.Data.Set == "regression2d":
		return "regression"
	case slices.Contains(classSets, d.Data.Set):
		return "classification"
	}
	return ""
}

func isPlane(d *spec.Spec) bool { return problemOf(d) != "" }

// setProblem switches between classification (circle, cross-entropy) and
// regression (regression2d, mse, one linear output).
func setProblem(s *spec.Spec, problem string) error {
	if problem == "regression" {
		if err := s.Set("dataset", "regression2d"); err != nil {
			return err
		}
		return setLoss(s, "mse")
	}
	if err := s.Set("dataset", "circle"); err != nil {
		return err
	}
	return setLoss(s, "cross_entropy")
}

// setLoss sets the loss and the output layer that fits it.
func setLoss(s *spec.Spec, loss string) error {
	if err := s.Set("loss", loss); err != nil {
		return err
	}
	out := "model.layers[-1]"
	units, act := "2", ""
	switch {
	case s.Data.Set == "regression2d":
		units, act = "1", "linear"
	case loss == "cross_entropy":
		act = "softmax"
	case loss == "bce":
		units, act = "1", "sigmoid"
	case loss == "mse":
		act = "sigmoid"
	case loss == "hinge":
		act = "linear"
	}
	if err := s.Set(out+".units", units); err != nil {
		return err
	}
	return s.Set(out+".activation", act)
}

// trainShare is the training share in percent ("50" when data.test is
// 0.5).
func trainShare(d *spec.Spec) string {
	if !isPlane(d) || d.Data.Test == nil {
		return ""
	}
	return strconv.FormatFloat(100-100**d.Data.Test, 'f', 0, 64)
}

func toggleFeature(s *spec.Spec, f string) error {
	fs := slices.Clone(s.Data.Features)
	if i := slices.Index(fs, f); i >= 0 {
		fs = slices.Delete(fs, i, i+1)
	} else {
		fs = append(fs, f)
		// Keep the documented order, so a spec reads the same however the
		// toggles were pressed.
		slices.SortFunc(fs, func(a, b string) int { return slices.Index(featureList, a) - slices.Index(featureList, b) })
	}
	return s.Set("features", strings.Join(fs, ","))
}

// denseOnly says whether every layer is dense (the layer knobs apply).
func denseOnly(d *spec.Spec) bool {
	for _, l := range d.Model.Layers {
		if spec.KindOf(l) != "dense" {
			return false
		}
	}
	return len(d.Model.Layers) > 0
}

// hiddenWidths are the widths of the dense layers before the output layer.
func hiddenWidths(s *spec.Spec) []int {
	var w []int
	for i, l := range s.Model.Layers {
		if i < len(s.Model.Layers)-1 {
			w = append(w, l.Units)
		}
	}
	return w
}

func joinInts(w []int) string {
	parts := make([]string, len(w))
	for i, v := range w {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// scheduleChoice is the schedules entry whose kind d uses.
func scheduleChoice(d *spec.Spec) string {
	for _, c := range schedules {
		if strings.SplitN(c, ";", 2)[0] == d.Schedule.Kind {
			return c
		}
	}
	return schedules[0]
}

// scheduleOf describes d's schedule in a few characters.
func scheduleOf(d *spec.Spec) string {
	sc := d.Schedule
	switch sc.Kind {
	case "step":
		return fmt.Sprintf("step ×%s/%d", fmtNum(sc.Gamma), sc.StepSize)
	case "exponential":
		return "exp ×" + strconv.FormatFloat(sc.Gamma, 'g', -1, 64)
	case "inverse_time":
		return "1/(1+" + fmtNum(sc.K) + "t)"
	case "cosine":
		return fmt.Sprintf("cosine to %d", sc.TMax)
	}
	return sc.Kind
}

// setVariant sets path to a choice that may carry settings after
// semicolons ("step; step_size=1000; gamma=0.5").
func setVariant(s *spec.Spec, path, choice string) error {
	parts := strings.Split(choice, ";")
	if err := s.Set(path, strings.TrimSpace(parts[0])); err != nil {
		return err
	}
	for _, kv := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		if err := s.Set(k, v); err != nil {
			return err
		}
	}
	return nil
}

// showValue is how a knob's value reads on screen.
func showValue(k knob, v string) string {
	switch {
	case v == "":
		return "—"
	case k.name == "batch" && v == "0":
		return "all"
	case k.name == "train %":
		return v + "%"
	case k.name == "layers" && v == "0":
		return "none"
	}
	return v
}
