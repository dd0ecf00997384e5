package spec

// Set changes one field of a spec by its YAML path; Clone copies a spec.

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// aliases maps short names to the field paths they stand for.
var aliases = map[string]string{
	"init":              "model.init",
	"init_std":          "model.init_std",
	"init_limit":        "model.init_limit",
	"bias":              "model.bias",
	"output_activation": "model.layers[-1].activation",
	"optimizer":         "optimizer.name",
	"lr":                "optimizer.lr",
	"momentum":          "optimizer.momentum",
	"nesterov":          "optimizer.nesterov",
	"weight_decay":      "optimizer.weight_decay",
	"alpha":             "optimizer.alpha",
	"beta1":             "optimizer.beta1",
	"beta2":             "optimizer.beta2",
	"eps":               "optimizer.eps",
	"clip_norm":         "optimizer.clip_norm",
	"dataset":           "data.set",
	"n":                 "data.n",
	"noise":             "data.noise",
	"test":              "data.test",
	"validation":        "data.validation",
	"features":          "data.features",
	"schedule":          "schedule.kind",
	"gamma":             "schedule.gamma",
	"step_size":         "schedule.step_size",
	"k":                 "schedule.k",
	"t_max":             "schedule.t_max",
	"lr_min":            "schedule.lr_min",
	"warmup":            "schedule.warmup",
	"l1":                "regularization.l1",
	"l2":                "regularization.l2",
	"early_stop":        "regularization.early_stop",
	"restore_best":      "regularization.restore_best",
	"function":          "function.name",
	"condition":         "function.condition",
	"start":             "function.start",
}

// ShortNames lists the short names Set accepts besides full field paths,
// in a fixed order, each with the path it stands for ("hidden layers" for
// the names that act on every hidden layer).
func ShortNames() [][2]string {
	out := [][2]string{
		{"layers", "hidden layer widths, e.g. 16,16"},
		{"activation", "the activation of every hidden dense and conv2d layer"},
		{"dropout", "model.layers[*].dropout of every hidden dense layer"},
		{"residual", "model.layers[*].residual of every hidden dense layer whose width allows"},
	}
	keys := make([]string, 0, len(aliases))
	for k := range aliases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, [2]string{k, aliases[k]})
	}
	return out
}

func shortNameList() string {
	var names []string
	for _, p := range ShortNames() {
		names = append(names, p[0])
	}
	return strings.Join(names, ", ")
}

// Set sets the field at path to value, parsed by the field's type:
// numbers, whole numbers, true/false, text; lists of numbers or names as
// "1,2" or "[1, 2]"; optional numbers (lr, noise, ...) are reset to their
// default by ""; anything else (a layer, a ramp, inline rows) as YAML, e.g.
// Set("schedule.momentum", "{from: 0.5, to: 0.9, steps: 100}").
//
// path is a YAML path such as seed, optimizer.lr, model.layers[1].units,
// model.layers[-1].activation (the last layer) or model.layers[*].dropout
// (every layer), or a short name:
//
//	init, init_std, init_limit, bias          model.*
//	output_activation                         model.layers[-1].activation
//	optimizer, lr, momentum, nesterov, weight_decay, alpha, beta1, beta2, eps,
//	clip_norm                                 optimizer.name, optimizer.*
//	dataset, n, noise, test, validation, features
//	                                          data.set, data.*
//	schedule, gamma, step_size, k, t_max, lr_min, warmup
//	                                          schedule.kind, schedule.*
//	l1, l2, early_stop, restore_best          regularization.*
//	function, condition, start                function.name, function.*
//	activation                                every hidden dense and conv2d
//	                                          layer (a linear one followed by
//	                                          batch_norm: the batch_norm)
//	dropout                                   every hidden dense layer
//	residual                                  every hidden dense layer whose
//	                                          input width equals its units
//	layers                                    hidden widths ("16,16"; "" for
//	                                          none), keeping the output layer;
//	                                          dense networks only
//
// Choosing a different optimizer, init, schedule kind, data set, function
// or layer kind also removes the settings the new choice does not use, so
// that a spec stays valid while one factor varies: a new
// model.layers[i].kind drops the keys the new kind does not read; a new optimizer.name resets lr,
// alpha, beta1, beta2 and eps to the new optimizer's defaults and drops
// momentum and nesterov where they do not apply; a new model.init drops
// init_std or init_limit; a new schedule.kind drops the other kinds'
// parameters; a new data.set drops n, noise, test, features, inline rows and
// dir where the new set does not use them, clears a loss that cannot fit
// regression data, and resizes an output layer that had the old data's
// OutputUnits to the new data's; a new function.name drops condition and
// start. So apply Set to a spec before Defaults, not after. A zero value
// set under an unset pointer ("" for function.name or 0 for
// function.condition when the spec has no function) leaves it unset.
// Get reads any field Set writes, in the form Set reads back.
//
// Set checks names against the allowed ones and values against their type,
// but not ranges or the consistency of the whole spec: call Validate. On
// error s is unchanged; the error is a *SpecError (or a *ValidationError
// when a YAML value has several problems) whose text is "path: message",
// such as `optimizer.lr: "abc" is not a number` or
// `model.layerz: unknown field (known: layers, init, ...)`.
func (s *Spec) Set(path, value string) error {
	if s == nil {
		return &SpecError{Path: path, Msg: "no spec (nil)"}
	}
	path, value = strings.TrimSpace(path), strings.TrimSpace(value)
	c := s.Clone()
	var err error
	switch path {
	case "layers":
		err = c.setLayers(value)
	case "activation", "dropout", "residual":
		err = c.setHidden(path, value)
	default:
		if a, ok := aliases[path]; ok {
			path = a
		}
		old := c.selectors()
		err = c.setPath(path, value)
		if err == nil {
			c.afterSelect(old, s)
			if strings.HasSuffix(path, ".kind") {
				c.afterKind(s)
			}
		}
	}
	if err != nil {
		return err
	}
	*s = *c
	return nil
}

// segment is one step of a path: a field name and its indices.
type segment struct {
	name    string
	indices []string // "3", "-1" or "*"
}

func parsePath(path string) ([]segment, error) {
	if path == "" {
		return nil, &SpecError{Msg: "empty field path (known: " + fieldList(reflect.TypeFor[Spec]()) + "; short names: " + shortNameList() + ")"}
	}
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		seg := segment{name: name}
		if rest != "" || strings.Contains(part, "[") {
			rest = "[" + rest
			for rest != "" {
				if rest[0] != '[' {
					return nil, &SpecError{Path: path, Msg: "malformed path: expected [index] after " + strictyaml.Quote(name)}
				}
				idx, after, ok := strings.Cut(rest[1:], "]")
				if !ok {
					return nil, &SpecError{Path: path, Msg: "malformed path: missing ]"}
				}
				seg.indices = append(seg.indices, idx)
				rest = after
			}
		}
		if name == "" {
			return nil, &SpecError{Path: path, Msg: "malformed path: empty field name"}
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

func (s *Spec) setPath(path, value string) error {
	segs, err := parsePath(path)
	if err != nil {
		return err
	}
	if err := setIn(reflect.ValueOf(s).Elem(), segs, "", value); err != nil {
		return err
	}
	// Names are checked here; everything else is left to Validate.
	if allowed := AllowedValues(path); allowed != nil {
		for _, name := range namesAt(s, segs) {
			if name != "" && !slices.Contains(allowed, name) {
				return &SpecError{Path: path, Msg: fmt.Sprintf("unknown %s (allowed: %s)", strictyaml.Quote(name), strings.Join(allowed, ", "))}
			}
		}
	}
	return nil
}

// namesAt collects the strings at the leaves of a (valid) path.
func namesAt(s *Spec, segs []segment) []string {
	var out []string
	var walk func(v reflect.Value, segs []segment)
	walk = func(v reflect.Value, segs []segment) {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return
			}
			v = v.Elem()
		}
		if len(segs) == 0 {
			switch v.Kind() {
			case reflect.String:
				out = append(out, v.String())
			case reflect.Slice:
				for i := 0; i < v.Len(); i++ {
					if v.Index(i).Kind() == reflect.String {
						out = append(out, v.Index(i).String())
					}
				}
			}
			return
		}
		if v.Kind() != reflect.Struct {
			return
		}
		for _, f := range structFields(v.Type()) {
			if f.name == segs[0].name {
				elems := []reflect.Value{v.Field(f.index)}
				for _, idx := range segs[0].indices {
					var next []reflect.Value
					for _, e := range elems {
						if e.Kind() != reflect.Slice {
							continue
						}
						for i := 0; i < e.Len(); i++ {
							if j, err := resolveIndex(idx, e.Len()); idx == "*" || (err == nil && j == i) {
								next = append(next, e.Index(i))
							}
						}
					}
					elems = next
				}
				for _, e := range elems {
					walk(e, segs[1:])
				}
			}
		}
	}
	walk(reflect.ValueOf(s).Elem(), segs)
	return out
}

// resolveIndex resolves an index (negative counts from the end).
func resolveIndex(idx string, n int) (int, error) {
	i, err := strconv.Atoi(idx)
	if err != nil {
		return 0, fmt.Errorf("index %s is not a whole number or *", strictyaml.Quote(idx))
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return 0, fmt.Errorf("index %s is out of range (the list has %d entries)", idx, n)
	}
	return i, nil
}

// setIn walks segs from struct value v (done is the path so far) and
// sets the leaf.
func setIn(v reflect.Value, segs []segment, done, value string) error {
	return walkPath(v, segs, done, true, func(leaf reflect.Value, path string) error {
		return assign(leaf, path, value)
	})
}

// walkPath walks segs from value v (done is the path so far) and calls leaf
// on every field the path reaches, with the field's path (indices
// resolved): one field, or one per element for [*]. Set and Get share it,
// so that they accept the same paths and give the same errors.
//
// A nil pointer on the way (an unset function or schedule.momentum) is
// walked as its zero value. With set, the new value is stored in the
// pointer only when the walk leaves it non-zero, so that setting a zero
// value under an unset pointer ("" for function.name, 0 for
// function.condition) leaves it unset; without set, nothing is stored and
// leaf sees the zero value's field.
func walkPath(v reflect.Value, segs []segment, done string, set bool, leaf func(reflect.Value, string) error) error {
	if len(segs) == 0 {
		return leaf(v, done)
	}
	if v.Kind() == reflect.Pointer {
		if !v.IsNil() {
			return walkPath(v.Elem(), segs, done, set, leaf)
		}
		p := reflect.New(v.Type().Elem())
		if err := walkPath(p.Elem(), segs, done, set, leaf); err != nil {
			return err
		}
		if set && !p.Elem().IsZero() {
			v.Set(p)
		}
		return nil
	}
	seg := segs[0]
	if v.Kind() != reflect.Struct {
		return &SpecError{Path: done, Msg: fmt.Sprintf("has no field %s (it is %s)", strictyaml.Quote(seg.name), strictyaml.KindName(v.Kind()))}
	}
	here := strictyaml.Join(done, seg.name)
	idx := -1
	for _, f := range structFields(v.Type()) {
		if f.name == seg.name {
			idx = f.index
		}
	}
	if idx < 0 {
		known := fieldList(v.Type())
		if done == "" {
			known += "; short names: " + shortNameList()
		}
		return &SpecError{Path: here, Msg: "unknown field (known: " + known + ")"}
	}
	return walkIndex(v.Field(idx), seg.indices, segs[1:], here, set, leaf)
}

func walkIndex(v reflect.Value, indices []string, rest []segment, here string, set bool, leaf func(reflect.Value, string) error) error {
	if len(indices) == 0 {
		return walkPath(v, rest, here, set, leaf)
	}
	if v.Kind() != reflect.Slice {
		return &SpecError{Path: here, Msg: "is not a list; it takes no [index]"}
	}
	idx := indices[0]
	if idx == "*" {
		if v.Len() == 0 {
			return &SpecError{Path: here, Msg: "is empty; [*] matches nothing"}
		}
		for i := 0; i < v.Len(); i++ {
			if err := walkIndex(v.Index(i), indices[1:], rest, here+"[*]", set, leaf); err != nil {
				return err
			}
		}
		return nil
	}
	i, err := resolveIndex(idx, v.Len())
	if err != nil {
		return &SpecError{Path: here, Msg: err.Error()}
	}
	return walkIndex(v.Index(i), indices[1:], rest, fmt.Sprintf("%s[%d]", here, i), set, leaf)
}

// assign parses value into v by v's type.
func assign(v reflect.Value, path, value string) error {
	t := v.Type()
	switch {
	case t.Kind() == reflect.String:
		v.SetString(value)
		return nil
	case t.Kind() == reflect.Slice && isLeafKind(t.Elem().Kind()) && !strings.HasPrefix(value, "["):
		if value == "" {
			v.SetZero()
			return nil
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, p := range strings.Split(value, ",") {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(p)})
		}
		return decodeValue(seq, v, path)
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Struct:
		if value == "" {
			v.SetZero()
			return nil
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(value), &doc); err != nil {
			return &SpecError{Path: path, Msg: fmt.Sprintf("%s is not valid YAML: %s", strictyaml.Quote(value), strings.TrimPrefix(err.Error(), "yaml: "))}
		}
		if len(doc.Content) == 0 {
			v.SetZero()
			return nil
		}
		return decodeValue(doc.Content[0], v, path)
	default:
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: value}
		if msg := strictyaml.Scalar(n, v); msg != "" {
			return &SpecError{Path: path, Msg: msg}
		}
		return nil
	}
}

// isLeafKind says whether a list of this kind is written "1,2" by Set and Get.
func isLeafKind(k reflect.Kind) bool {
	return k == reflect.Float64 || k == reflect.String || k == reflect.Int
}

// decodeValue decodes node into a fresh value of v's type and stores it
// in v when there is no problem.
func decodeValue(n *yaml.Node, v reflect.Value, path string) error {
	d := &decoder{budget: maxValues, r: strictyaml.Reader{Max: maxProblems}}
	nv := reflect.New(v.Type()).Elem()
	d.decode(n, nv, path)
	for i := range d.r.Problems {
		d.r.Problems[i].Line = 0 // a value on the command line has no lines
	}
	if err := problemsError(&d.r, ""); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) && len(ve.Problems) == 1 {
			return ve.Problems[0]
		}
		return err
	}
	v.Set(nv)
	return nil
}

// selection holds the values of the selector fields, to notice change.
type selection struct {
	optimizer, init, kind, set, function string
}

func (s *Spec) selectors() selection {
	// An empty name means the default, which is the same choice.
	sel := selection{
		optimizer: orDefault(s.Optimizer.Name, "sgd"),
		init:      s.Model.Init,
		kind:      orDefault(s.Schedule.Kind, "constant"),
		set:       s.Data.Set,
	}
	if s.Function != nil {
		sel.function = s.Function.Name
	}
	return sel
}

// afterSelect drops settings that a changed selector no longer uses; see
// Set. before is the spec as it was before Set.
func (s *Spec) afterSelect(old selection, before *Spec) {
	now := s.selectors()
	if now.optimizer != old.optimizer {
		o := &s.Optimizer
		o.LR, o.Alpha, o.Beta1, o.Beta2, o.Eps = nil, nil, nil, nil, nil
		if o.Name != "sgd" {
			o.Nesterov = false
		}
		if o.Name != "sgd" && o.Name != "rmsprop" {
			o.Momentum = 0
		}
		if o.Name == "adagrad" {
			s.Schedule.Momentum = nil
		}
	}
	if now.set != old.set {
		s.afterDataSet(old.set, before)
	}
	if now.function != old.function && s.Function != nil {
		if s.Function.Name != "quadratic" {
			s.Function.Condition = 0
		}
		s.Function.Start = nil
	}
}

// afterKind drops the keys a layer whose kind changed no longer reads.
func (s *Spec) afterKind(before *Spec) {
	if len(before.Model.Layers) != len(s.Model.Layers) {
		return
	}
	for i := range s.Model.Layers {
		l := &s.Model.Layers[i]
		if k := KindOf(*l); k != KindOf(before.Model.Layers[i]) {
			dropKeys(l, k)
		}
	}
}

func (s *Spec) afterDataSet(oldSet string, before *Spec) {
	d := &s.Data
	set := d.Set
	if !(isGenerated(set) && isGenerated(oldSet)) {
		d.N = 0
	}
	if !isGenerated(set) {
		d.Noise, d.Test = nil, nil
	}
	if !isGenerated2D(set) {
		d.Features = nil
	}
	if set != "inline" {
		d.Inputs, d.Targets, d.TestInputs, d.TestTargets = nil, nil, nil, nil
	}
	if set != "fashion" {
		d.Dir = ""
	}
	if isRegressionSet(set) && s.Loss != "mse" && s.Loss != "half_sse" {
		s.Loss = ""
	}
	if L := len(s.Model.Layers); L > 0 {
		out := &s.Model.Layers[L-1]
		if oldU, newU := before.OutputUnits(), s.OutputUnits(); oldU > 0 && newU > 0 && out.Units == oldU {
			out.Units = newU
		}
	}
}

// layerInputs gives each layer's input width: the size of one sample
// going in (0 when it cannot be known).
func (s *Spec) layerInputs() []int {
	ins := make([]int, len(s.Model.Layers))
	d := s.Clone()
	d.Defaults()
	in := d.InputShape()
	if in.Size() == 0 {
		return ins
	}
	w := newWalker(in)
	for i, l := range d.Model.Layers {
		ins[i] = w.cur.Size()
		if w.step(i, l) != nil {
			break
		}
	}
	return ins
}

// notDense is the error of the short names that need a network of dense
// layers.
func (s *Spec) notDense(path string) error {
	for i, l := range s.Model.Layers {
		if k := KindOf(l); k != "dense" {
			return &SpecError{Path: path, Msg: fmt.Sprintf("sets the widths of a network of dense layers, but model.layers[%d] is %s; set model.layers[i].units or .filters instead", i, k)}
		}
	}
	return nil
}

// setLayers sets the hidden layer widths from "16,16", keeping the output
// layer. New layers copy the activation and dropout of the last hidden
// layer, and its residual flag where their width allows.
func (s *Spec) setLayers(value string) error {
	const path = "layers"
	if err := s.notDense(path); err != nil {
		return err
	}
	var widths []int
	if value != "" && value != "none" && value != "[]" {
		for _, p := range strings.Split(strings.Trim(value, "[]"), ",") {
			w, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return &SpecError{Path: path, Msg: fmt.Sprintf("%s is not a list of whole numbers (hidden layer widths such as 16,16; \"\" for none)", strictyaml.Quote(value))}
			}
			if w < 1 || w > MaxUnits {
				return &SpecError{Path: path, Msg: fmt.Sprintf("each width must be from 1 to %d, got %d", MaxUnits, w)}
			}
			widths = append(widths, w)
		}
	}
	if len(widths) >= MaxLayers {
		return &SpecError{Path: path, Msg: fmt.Sprintf("%d hidden layers is over the limit of %d", len(widths), MaxLayers-1)}
	}
	layers := s.Model.Layers
	var out LayerSpec
	if len(layers) > 0 {
		out = layers[len(layers)-1]
		layers = layers[:len(layers)-1]
	} else {
		u := s.OutputUnits()
		if u == 0 {
			return &SpecError{Path: path, Msg: "the output layer is not known yet: set data (and loss) first, or give model.layers"}
		}
		out = LayerSpec{Units: u}
	}
	var proto LayerSpec
	if len(layers) > 0 {
		proto = layers[len(layers)-1]
	}
	in := s.InputWidth()
	next := make([]LayerSpec, 0, len(widths)+1)
	for i, w := range widths {
		var l LayerSpec
		if i < len(layers) {
			l = layers[i]
		} else {
			l = LayerSpec{Activation: proto.Activation, Dropout: proto.Dropout, Residual: proto.Residual}
		}
		l.Units = w
		if l.Residual && in > 0 && in != w {
			l.Residual = false
		}
		next = append(next, l)
		in = w
	}
	s.Model.Layers = append(next, out)
	return nil
}

// hiddenFor lists the layers the short name sets: for activation the layer
// carrying the nonlinearity of every hidden dense and conv2d layer (see
// nonlinearity), for dropout and residual every hidden dense layer.
func (s *Spec) hiddenFor(name string) ([]int, error) {
	layers := s.Model.Layers
	var out []int
	for _, i := range hiddenWeighted(layers) {
		switch {
		case name == "activation":
			out = append(out, nonlinearity(layers, i, s.effectiveLoss()))
		case KindOf(layers[i]) == "dense":
			out = append(out, i)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	what := "hidden layers"
	if !onlyDense(layers) {
		what = "hidden dense or conv2d layers"
		if name != "activation" {
			what = "hidden dense layers"
		}
	}
	return nil, &SpecError{Path: name, Msg: fmt.Sprintf("the model has no %s (set layers first, e.g. layers=16,16)", what)}
}

// setHidden sets activation, dropout or residual on every hidden layer
// hiddenFor lists.
func (s *Spec) setHidden(name, value string) error {
	idx, err := s.hiddenFor(name)
	if err != nil {
		return err
	}
	layers := s.Model.Layers
	switch name {
	case "activation":
		allowed := allowedNames["model.layers[].activation"]
		if value != "" && !slices.Contains(allowed, value) {
			return &SpecError{Path: name, Msg: fmt.Sprintf("unknown %s (allowed: %s)", strictyaml.Quote(value), strings.Join(allowed, ", "))}
		}
		for _, i := range idx {
			layers[i].Activation = value
		}
	case "dropout":
		var f float64
		if err := assign(reflect.ValueOf(&f).Elem(), name, value); err != nil {
			return err
		}
		for _, i := range idx {
			layers[i].Dropout = f
		}
	case "residual":
		var b bool
		if err := assign(reflect.ValueOf(&b).Elem(), name, value); err != nil {
			return err
		}
		ins := s.layerInputs()
		found := false
		var widths []string
		for _, i := range idx {
			ok := ins[i] > 0 && ins[i] == layers[i].Units
			widths = append(widths, fmt.Sprintf("%d→%d", ins[i], layers[i].Units))
			if !b {
				layers[i].Residual = false
			} else if ok {
				layers[i].Residual = true
				found = true
			}
		}
		if b && !found {
			return &SpecError{Path: name, Msg: fmt.Sprintf("no hidden layer has an input width equal to its units (hidden layers: %s)", strings.Join(widths, ", "))}
		}
	}
	return nil
}

// Clone returns a deep copy of s: no slice, pointer or row is shared.
func (s *Spec) Clone() *Spec {
	if s == nil {
		return nil
	}
	c := new(Spec)
	deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(s).Elem())
	return c
}

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		deepCopy(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		sl := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			deepCopy(sl.Index(i), src.Index(i))
		}
		dst.Set(sl)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if dst.Field(i).CanSet() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			deepCopy(v, it.Value())
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}
