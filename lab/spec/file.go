package spec

// Experiment files: a spec and, for a comparison, the factor it varies.

import (
	"bytes"
	"reflect"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// Vary is the factor a comparison varies: one run per value, each the spec
// with Set(Field, value) (see Variants).
type Vary struct {
	Field  string   `yaml:"field" json:"field"`
	Values []string `yaml:"values" json:"values"`
}

// varyKey is the key of Vary in an experiment file, beside the spec's own.
const varyKey = "vary"

// LoadFile reads an experiment file: a spec as Load reads it and, for a
// comparison, a key vary: {field: F, values: [V1, V2, ...]} beside the
// spec's keys. It returns a nil Vary when the file has none. A vary is
// checked by making its variants (each valid, at most MaxVariants); its
// problems carry the file's lines like the spec's.
func LoadFile(data []byte, filename string) (*Spec, *Vary, error) {
	doc, serr := strictyaml.Parse(data)
	if serr != nil || doc == nil {
		_, err := Load(data, filename) // the same messages as a spec
		return nil, nil, err
	}
	n := strictyaml.Deref(doc)
	var varyNode *yaml.Node
	varyLine := 0 // the line of the key vary
	if n != nil && n.Kind == yaml.MappingNode {
		rest := *n
		rest.Content = nil
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == varyKey && varyNode == nil {
				varyNode, varyLine = n.Content[i+1], n.Content[i].Line
				continue
			}
			rest.Content = append(rest.Content, n.Content[i], n.Content[i+1])
		}
		n = &rest
	}
	s, err := LoadNode(n, filename)
	if err != nil || varyNode == nil {
		return s, nil, err
	}
	d := &decoder{budget: maxValues, r: strictyaml.Reader{Max: maxProblems}}
	v := new(Vary)
	d.decode(varyNode, reflect.ValueOf(v).Elem(), varyKey)
	if err := problemsError(&d.r, filename); err != nil {
		return nil, nil, err
	}
	line := varyLine
	switch {
	case v.Field == "":
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: line, Path: varyKey + ".field", Msg: "missing: the spec field the runs differ in, such as model.init or lr"}}}
	case len(v.Values) < 2:
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: line, Path: varyKey + ".values", Msg: "want at least 2 values to compare"}}}
	}
	if _, err := Variants(s, v.Field, v.Values); err != nil {
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: line, Path: varyKey, Msg: err.Error()}}}
	}
	return s, v, nil
}

// EncodeFile writes s as Encode does, followed by v when it is not nil;
// LoadFile reads it back.
func EncodeFile(s *Spec, v *Vary) ([]byte, error) {
	b, err := Encode(s)
	if err != nil || v == nil {
		return b, err
	}
	var n yaml.Node
	if err := n.Encode(map[string]*Vary{varyKey: {Field: v.Field, Values: slices.Clone(v.Values)}}); err != nil {
		return nil, err
	}
	flowLeaves(&n)
	var tail bytes.Buffer
	enc := yaml.NewEncoder(&tail)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return append(b, tail.Bytes()...), nil
}
