package lessons

import (
	"fmt"
	"strings"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// checkRefs checks the references of cat's questions (show and
// compute.preset) against the catalog they will be used with. When against
// is another catalog (a folder merged over the embedded lessons), question
// ids must also not clash with questions of other lessons there.
func checkRefs(cat, against *Catalog) []Problem {
	var probs []Problem
	broken := func(ref string) bool {
		lid, _, _ := strings.Cut(ref, "/")
		return cat.broken[ref] || cat.broken[lid] || against.broken[ref] || against.broken[lid]
	}
	qs := append(cat.Questions(), cat.orphans...)
	for _, q := range qs {
		if q.Show != "" && !broken(q.Show) {
			if _, _, ok := splitRef(q.Show); ok && against.Preset(q.Show) == nil {
				probs = append(probs, Problem{File: q.file, Line: q.showLine,
					Msg: fmt.Sprintf("%s.show: %s", q.path, missingPreset(against, q.Show))})
			}
		}
		if c := q.Compute; c != nil && c.Preset != "" && !broken(c.Preset) {
			if _, _, ok := splitRef(c.Preset); ok {
				if p := against.Preset(c.Preset); p == nil {
					probs = append(probs, Problem{File: q.file, Line: q.presetLine,
						Msg: fmt.Sprintf("%s.compute.preset: %s", q.path, missingPreset(against, c.Preset))})
				} else if msg := computeFits(c, p); msg != "" {
					probs = append(probs, Problem{File: q.file, Line: q.presetLine,
						Msg: fmt.Sprintf("%s.compute: %s", q.path, msg)})
				}
			}
		}
		if against != cat {
			if other := against.Question(q.ID); other != nil && other.Lesson != q.Lesson {
				probs = append(probs, Problem{File: q.file, Line: q.line,
					Msg: fmt.Sprintf("%s.id: question id %q is already used by lesson %q (%s:%d); question ids are unique across all quizzes", q.path, q.ID, other.Lesson, other.file, other.line)})
			}
		}
	}
	return probs
}

// missingPreset explains why "lesson/preset" names nothing.
func missingPreset(cat *Catalog, ref string) string {
	lid, pid, _ := strings.Cut(ref, "/")
	l := cat.Lesson(lid)
	if l == nil {
		return fmt.Sprintf("no lesson %q for %q; lessons: %s", lid, ref, lessonIDs(cat))
	}
	ids := make([]string, len(l.Presets))
	for i, p := range l.Presets {
		ids[i] = p.ID
	}
	have := strings.Join(ids, ", ")
	if have == "" {
		have = "none"
	}
	return fmt.Sprintf("lesson %q has no preset %q; its presets: %s", lid, pid, have)
}

// computeFits checks a compute against the preset it names: the run its
// value picks, and its quantity, layer, row, col and sample against that
// run's spec, where the spec says enough to tell.
func computeFits(c *Compute, p *Preset) string {
	if p.Spec == nil {
		return ""
	}
	s, err := c.specFor(p)
	if err != nil {
		return err.Error()
	}
	if s.Function != nil {
		switch {
		case c.Quantity == "rate" && s.Function.Name != "quadratic":
			return fmt.Sprintf("rate is for the quadratic; preset %q minimises %s", c.Preset, s.Function.Name)
		case c.Quantity != "loss" && c.Quantity != "rate" && c.Quantity != "lambda_max":
			return fmt.Sprintf("preset %q minimises a test function and has no network; quantities loss, rate and lambda_max apply", c.Preset)
		}
		return ""
	}
	layers := s.Model.Layers
	switch c.Quantity {
	case "rate", "lambda_max":
		return fmt.Sprintf("%s is for test functions; preset %q trains a network", c.Quantity, c.Preset)
	case "loss_class", "output":
		d := s.Clone()
		d.Defaults()
		if n := d.TrainSamples(); n > 0 && c.Sample >= n {
			return fmt.Sprintf("sample %d does not exist; preset %q has %d training samples (0 to %d)", c.Sample, c.Preset, n, n-1)
		}
		if c.Quantity == "loss_class" && !d.UsesLabels() {
			return fmt.Sprintf("loss_class needs a loss that takes class labels (cross_entropy or hinge); preset %q uses %s", c.Preset, d.Loss)
		}
		if len(layers) > 0 {
			if units := layers[len(layers)-1].Units; units > 0 && c.Col >= units {
				return fmt.Sprintf("col %d does not exist; the output layer of preset %q has %d units (cols 0 to %d)", c.Col, c.Preset, units, units-1)
			}
		}
		return ""
	case "init_gain":
		if len(s.Model.Weights) > 0 {
			return fmt.Sprintf("init_gain needs an initializer; preset %q gives explicit weights", c.Preset)
		}
		if len(layers) > 0 && c.Layer >= len(layers) {
			return fmt.Sprintf("layer %d does not exist; preset %q has layers 0 to %d", c.Layer, c.Preset, len(layers)-1)
		}
		return ""
	case "layer_params", "out_c", "out_h", "out_w", "receptive_field":
		if len(layers) > 0 && c.Layer >= len(layers) {
			return fmt.Sprintf("layer %d does not exist; preset %q has layers 0 to %d", c.Layer, c.Preset, len(layers)-1)
		}
		return ""
	case "grad_w", "grad_b", "w_after", "b_after":
	default:
		return ""
	}
	if len(layers) == 0 {
		return ""
	}
	if c.Layer >= len(layers) {
		return fmt.Sprintf("layer %d does not exist; preset %q has layers 0 to %d", c.Layer, c.Preset, len(layers)-1)
	}
	if k := spec.KindOf(layers[c.Layer]); k != "dense" {
		return kernelFits(c, s, k)
	}
	if units := layers[c.Layer].Units; units > 0 && c.Row >= units {
		return fmt.Sprintf("row %d does not exist; layer %d has %d units (rows 0 to %d)", c.Row, c.Layer, units, units-1)
	}
	if c.Quantity == "grad_w" || c.Quantity == "w_after" {
		if c.Layer > 0 {
			if in := layers[c.Layer-1].Units; in > 0 && c.Col >= in {
				return fmt.Sprintf("col %d does not exist; layer %d has %d inputs (cols 0 to %d)", c.Col, c.Layer, in, in-1)
			}
		}
	} else if c.Col != 0 {
		return fmt.Sprintf("col is for weights; %s has one value per unit (use row)", c.Quantity)
	}
	return ""
}

// kernelFits checks a weight quantity of layer c.Layer of s, which is not
// dense: it must have weights (conv2d: row a filter, col an index into its
// in·kh·kw kernel values, as lab.Probe reads them).
func kernelFits(c *Compute, s *spec.Spec, kind string) string {
	if kind != "conv2d" {
		return fmt.Sprintf("layer %d is %s, which has no weights or biases to ask about", c.Layer, kind)
	}
	in, shapes, err := s.Shapes()
	if err != nil || c.Layer >= len(shapes) {
		return "" // the spec's own check reports it
	}
	l := s.Model.Layers[c.Layer]
	if c.Row >= l.Filters {
		return fmt.Sprintf("row %d does not exist; layer %d has %d filters (rows 0 to %d)", c.Row, c.Layer, l.Filters, l.Filters-1)
	}
	if c.Quantity == "grad_w" || c.Quantity == "w_after" {
		if c.Layer > 0 {
			in = shapes[c.Layer-1].Out
		}
		kh, kw := l.Kernel[0], l.Kernel[len(l.Kernel)-1]
		if cols := in.C * kh * kw; c.Col >= cols {
			return fmt.Sprintf("col %d does not exist; a filter of layer %d has %d weights (%d channels of %d×%d: cols 0 to %d)", c.Col, c.Layer, cols, in.C, kh, kw, cols-1)
		}
	} else if c.Col != 0 {
		return fmt.Sprintf("col is for weights; %s has one value per filter (use row)", c.Quantity)
	}
	return ""
}

// RunCheck checks the runs of one preset as the lab would start them side
// by side: one spec, or one per value of a comparison (defaults not
// applied). lessons knows specs only, so the lab supplies it (the memory
// budget, say).
type RunCheck func(runs []*spec.Spec) error

// CheckRuns gives the runs of every preset to check and returns what it
// refuses as problems at the preset's line.
func (c *Catalog) CheckRuns(check RunCheck) []Problem {
	var probs []Problem
	for _, l := range c.Lessons {
		for i, p := range l.Presets {
			if p.Spec == nil {
				continue
			}
			runs := []*spec.Spec{p.Spec}
			if p.Vary != nil {
				vs, err := spec.Variants(p.Spec, p.Vary.Field, p.Vary.Values)
				if err != nil {
					continue // the loader reports it
				}
				runs = vs
			}
			if err := check(runs); err != nil {
				probs = append(probs, Problem{File: l.File, Line: p.line, Msg: fmt.Sprintf("%s: %v", strictyaml.Index("presets", i), err)})
			}
		}
	}
	sortProblems(probs)
	return probs
}
