package spec

// Get reads one field of a spec by the paths Set accepts.

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Get returns the current value of the field at path, a field path or a
// short name as in Set, formatted as Set reads it, so that
// s.Set(path, v) with v from s.Get(path) leaves s as it is:
//
//	numbers        shortest form that reads back exactly: 0.1, 1e-06, 1000
//	true/false     true, false
//	names, text    as they are: sgd, he_normal
//	optional       "" when unset (lr, noise, ...), else the number
//	lists          1,2 or x2,xy ("" for none)
//	anything else  one line of YAML: {from: 0.5, to: 0.9, steps: 100}
//
// Short names read the field they stand for; layers gives the hidden widths
// ("16,16"; "" for none); activation, dropout and residual, which Set
// applies to every hidden layer, give the first hidden layer's value, as
// does [*] in a path give the first element's. A field under an unset
// pointer (function.condition when the spec has no function) reads as its
// zero value, which Set leaves unset.
//
// Get does not fill defaults: call it on a clone after Defaults for the
// values a run will use. The error, for a path Set would refuse, is a
// *SpecError with Set's text, such as `model.layerz: unknown field (known:
// layers, init, ...)`.
func (s *Spec) Get(path string) (string, error) {
	if s == nil {
		return "", &SpecError{Path: path, Msg: "no spec (nil)"}
	}
	path = strings.TrimSpace(path)
	switch path {
	case "layers":
		return s.getLayers()
	case "activation", "dropout", "residual":
		return s.getHidden(path)
	}
	if a, ok := aliases[path]; ok {
		path = a
	}
	segs, err := parsePath(path)
	if err != nil {
		return "", err
	}
	var out string
	found := false
	err = walkPath(reflect.ValueOf(s).Elem(), segs, "", false, func(v reflect.Value, p string) error {
		if found {
			return nil
		}
		found = true
		var err error
		out, err = formatValue(v, p)
		return err
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// getLayers gives the hidden widths as setLayers reads them.
func (s *Spec) getLayers() (string, error) {
	if err := s.notDense("layers"); err != nil {
		return "", err
	}
	L := len(s.Model.Layers)
	if L == 0 {
		// Set("layers", "") would add an output layer: not the same spec.
		return "", &SpecError{Path: "layers", Msg: "the model has no layers yet (model.layers is empty; Defaults chooses them)"}
	}
	widths := make([]string, 0, L-1)
	for _, l := range s.Model.Layers[:L-1] {
		widths = append(widths, strconv.Itoa(l.Units))
	}
	return strings.Join(widths, ","), nil
}

// getHidden gives the activation, dropout or residual of the first layer
// that Set of the short name would change.
func (s *Spec) getHidden(name string) (string, error) {
	idx, err := s.hiddenFor(name)
	if err != nil {
		return "", err
	}
	l := s.Model.Layers[idx[0]]
	switch name {
	case "activation":
		return l.Activation, nil
	case "dropout":
		return formatFloat(l.Dropout), nil
	default:
		return strconv.FormatBool(l.Residual), nil
	}
}

// formatFloat writes f in the shortest form that reads back to f.
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// formatValue writes the value of field v (at path) as Set reads it back;
// see Get.
func formatValue(v reflect.Value, path string) (string, error) {
	t := v.Type()
	switch t.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Float64:
		return formatFloat(v.Float()), nil
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Pointer:
		if v.IsNil() {
			return "", nil
		}
		if k := t.Elem().Kind(); k != reflect.Struct && k != reflect.Slice {
			return formatValue(v.Elem(), path)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			return "", nil // Set reads "" as no list; Decode makes empty lists nil
		}
		if k := t.Elem().Kind(); isLeafKind(k) {
			parts := make([]string, v.Len())
			plain := true
			for i := range parts {
				switch k {
				case reflect.Float64:
					parts[i] = formatFloat(v.Index(i).Float())
					continue
				case reflect.Int:
					parts[i] = strconv.FormatInt(v.Index(i).Int(), 10)
					continue
				}
				parts[i] = v.Index(i).String()
				if parts[i] != strings.TrimSpace(parts[i]) || parts[i] == "" || strings.ContainsAny(parts[i], ",[") {
					plain = false // Set would split or trim it: write YAML instead
				}
			}
			if plain {
				return strings.Join(parts, ","), nil
			}
		}
	}
	if t.Kind() == reflect.Struct && v.IsZero() {
		return "{}", nil
	}
	// A layer, a ramp, inline rows, a whole section: one line of YAML.
	var n yaml.Node
	if err := n.Encode(v.Interface()); err != nil {
		return "", &SpecError{Path: path, Msg: fmt.Sprintf("cannot be written as YAML: %v", err)}
	}
	flowAll(&n)
	b, err := yaml.Marshal(&n)
	if err != nil {
		return "", &SpecError{Path: path, Msg: fmt.Sprintf("cannot be written as YAML: %v", err)}
	}
	return strings.TrimSpace(string(b)), nil
}

// flowAll puts every mapping and sequence in flow style (one line).
func flowAll(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		flowAll(c)
	}
}
