package tui

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
)

// shortOf maps field paths to the short names Set accepts for them
// ("optimizer.lr" → "lr").
var shortOf = func() map[string]string {
	m := map[string]string{}
	for short, path := range fieldPaths {
		m[path] = short
	}
	return m
}()

// factorName is a factor's short name: "optimizer.lr" → "lr",
// "regularization.l2" → "l2", "batch" → "batch".
func factorName(field string) string {
	field = strings.TrimSpace(field)
	if s, ok := shortOf[field]; ok {
		return s
	}
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[i+1:]
	}
	return field
}

// selfNamed are the factors whose values name themselves ("adam",
// "relu"): their labels need no factor name.
var selfNamed = map[string]bool{"init": true, "optimizer": true, "activation": true, "output_activation": true, "loss": true, "dataset": true, "function": true}

// runLabel names one run of a comparison by its factor and value, as a
// learner reads it: "dropout 0.5", "batch 32", "batch full", "lr 0.3",
// "residual on", "adam, lr 0.05", and for initializers with a scale the
// scale the run uses ("uniform ±0.05", "normal σ 0.01"). s is the run's
// spec.
func runLabel(field, value string, s *spec.Spec) string {
	name := factorName(field)
	main, settings, _ := strings.Cut(value, ";")
	main = strings.TrimSpace(main)
	var label string
	switch {
	case name == "init" && s != nil:
		label = initLabel(s)
	case selfNamed[name]:
		label = main
	case name == "batch" && main == "0":
		label = "batch full"
	case main == "true":
		label = name + " on"
	case main == "false":
		label = name + " off"
	case name == "early_stop" && main == "0":
		label = "early stop off"
	case name == "early_stop":
		label = "early stop " + main
	default:
		label = name + " " + main
	}
	for _, kv := range strings.Split(settings, ";") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok {
			label += ", " + factorName(k) + " " + strings.TrimSpace(v)
		}
	}
	return label
}

// initLabel names a spec's initializer with the scale it uses, when it
// has one: "uniform ±0.05", "normal σ 0.01", "xavier".
func initLabel(s *spec.Spec) string {
	d := s.Clone()
	d.Defaults()
	switch m := d.Model; m.Init {
	case "uniform":
		return "uniform ±" + fmtNum(m.InitLimit)
	case "normal":
		return "normal σ " + fmtNum(m.InitStd)
	default:
		return m.Init
	}
}

// specSummary describes what every run of a comparison shares, leaving out
// the factor it varies: "spiral, 600 points, noise 0.1 · 4 hidden layers
// of 16 tanh · init xavier · sgd lr 0.05 momentum 0.9 · batch 32 · 5000
// steps".
func specSummary(s *spec.Spec, field string) string {
	d := s.Clone()
	d.Defaults()
	skip := factorName(field)
	var parts []string
	data := d.Data.Set
	if d.Data.N > 0 {
		data += fmt.Sprintf(", %d points", d.Data.N)
	}
	if d.Data.Noise != nil {
		data += ", noise " + fmtNum(*d.Data.Noise)
	}
	parts = append(parts, data)
	if hidden := d.Model.Layers[:max(0, len(d.Model.Layers)-1)]; len(hidden) > 0 {
		h := hidden[0]
		same := true
		for _, l := range hidden {
			same = same && l.Units == h.Units && l.Activation == h.Activation
		}
		act := " " + h.Activation
		if skip == "activation" {
			act = ""
		}
		switch {
		case same && len(hidden) == 1:
			parts = append(parts, fmt.Sprintf("1 hidden layer of %d%s", h.Units, act))
		case same:
			parts = append(parts, fmt.Sprintf("%d hidden layers of %d%s", len(hidden), h.Units, act))
		default:
			parts = append(parts, fmt.Sprintf("%d hidden layers", len(hidden)))
		}
	}
	if skip != "init" {
		parts = append(parts, "init "+initLabel(d))
	}
	if skip != "optimizer" {
		o := d.Optimizer.Name
		if skip != "lr" && d.Optimizer.LR != nil {
			o += " lr " + fmtNum(*d.Optimizer.LR)
		}
		if d.Optimizer.Momentum > 0 && skip != "momentum" {
			o += " momentum " + fmtNum(d.Optimizer.Momentum)
		}
		parts = append(parts, o)
	}
	if skip != "batch" {
		if d.Batch <= 0 {
			parts = append(parts, "full batch")
		} else {
			parts = append(parts, fmt.Sprintf("batch %d", d.Batch))
		}
	}
	parts = append(parts, fmt.Sprintf("%d steps", d.Steps))
	return strings.Join(parts, " · ")
}
