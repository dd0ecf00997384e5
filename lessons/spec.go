package lessons

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// spec reads a preset's inline spec with spec.LoadNode (decode, then
// Validate of the spec completed by Defaults; lines taken from the node).
// Every problem is reported at the line of the field it names,
// prefixed with path ("presets[0].spec"). It returns nil when the spec
// cannot be used.
func (r *reader) spec(n *yaml.Node, path string) *spec.Spec {
	rn := strictyaml.Deref(n)
	if rn == nil || rn.Kind != yaml.MappingNode {
		r.errf(n, path, "must be a lab spec (a mapping with seed, data, model, loss, optimizer, ...), got %s", strictyaml.Describe(rn))
		return nil
	}
	// LoadNode decodes and validates; Validate judges the spec as Defaults
	// would complete it.
	s, err := loadSpecNode(rn, r.file)
	if err == nil && s == nil {
		err = errors.New("the spec could not be read")
	}
	if err != nil {
		r.specProblems(err, rn, path)
		return nil
	}
	return s
}

// loadSpecNode calls spec.LoadNode, turning a panic (which it must never
// do, but a broken file must never crash the program) into an error.
func loadSpecNode(n *yaml.Node, file string) (s *spec.Spec, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("the spec could not be read (%v)", p)
		}
	}()
	return spec.LoadNode(n, file)
}

// specProblems reports the problems of a spec error, each at its line (the
// line lab gives, else the line of the field its path names).
func (r *reader) specProblems(err error, n *yaml.Node, path string) {
	var ve *spec.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			line := p.Line
			if line == 0 {
				line = nodeAt(n, p.Path).Line
			}
			msg := p.Msg
			if p.Path != "" {
				msg = p.Path + ": " + msg
			}
			r.at(line+r.Offset, path+": "+msg)
		}
		return
	}
	var se *spec.SpecError
	if errors.As(err, &se) {
		line := se.Line
		if line == 0 {
			line = nodeAt(n, se.Path).Line
		}
		msg := se.Msg
		if se.Path != "" {
			msg = se.Path + ": " + msg
		}
		r.at(line+r.Offset, path+": "+msg)
		return
	}
	for _, item := range errorItems(err) {
		field, _, _ := strings.Cut(item, ": ")
		r.at(r.Line(nodeAt(n, field)), path+": "+item)
	}
}

// errorItems splits an error into its parts: errors.Join and friends give
// several, a message on several lines gives one part per line.
func errorItems(err error) []string {
	var items []string
	if multi, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range multi.Unwrap() {
			items = append(items, errorItems(e)...)
		}
		return items
	}
	for _, ln := range strings.Split(err.Error(), "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			items = append(items, ln)
		}
	}
	if len(items) == 0 {
		items = append(items, err.Error())
	}
	return items
}

var segRE = regexp.MustCompile(`^([^\[\]]*)((?:\[\d+\])*)$`)
var idxRE = regexp.MustCompile(`\[(\d+)\]`)

// nodeAt finds the node a field path such as "model.layers[0].units" names
// in a spec mapping; when part of the path is missing it returns the deepest
// node found (at least n itself).
func nodeAt(n *yaml.Node, path string) *yaml.Node {
	cur := n
	if path == "" {
		return cur
	}
	for _, seg := range strings.Split(path, ".") {
		m := segRE.FindStringSubmatch(seg)
		if m == nil {
			return cur
		}
		if m[1] != "" {
			next := child(cur, m[1])
			if next == nil {
				return cur
			}
			cur = next
		}
		for _, im := range idxRE.FindAllStringSubmatch(m[2], -1) {
			i, _ := strconv.Atoi(im[1])
			seq := strictyaml.Deref(cur)
			if seq == nil || seq.Kind != yaml.SequenceNode || i >= len(seq.Content) {
				return cur
			}
			cur = seq.Content[i]
		}
	}
	return cur
}

// child returns the value of key in a mapping node, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	rn := strictyaml.Deref(n)
	if rn == nil || rn.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		if rn.Content[i].Value == key {
			return rn.Content[i+1]
		}
	}
	return nil
}

// variedValid checks one value of a preset's vary: Set must accept it on a
// clone, and the changed spec must pass Defaults and Validate.
func variedValid(s *spec.Spec, field, value string) error {
	if _, err := spec.Variant(s, field, value); err != nil {
		if items := errorItems(err); len(items) > 1 {
			return fmt.Errorf("with %s = %q the spec is invalid: %s", field, value, strings.Join(items, "; "))
		}
		return fmt.Errorf("cannot vary %s to %q: %v", field, value, err)
	}
	return nil
}

// knobAccepted tells whether Spec.Set accepts path as a knob. Set needs a
// value, so it is tried with the knob's current value where the path is a
// plain field path, then with a few values of the common kinds; the knob is
// accepted when any of them is. The error is Set's first complaint.
func knobAccepted(s *spec.Spec, path string) error {
	if s == nil {
		return nil
	}
	var first error
	for _, v := range knobProbes(s, path) {
		c := s.Clone()
		err := c.Set(path, v)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = errors.New("Spec.Set accepts no value for it")
	}
	return first
}

// knobProbes lists values to try on a knob: "" (the default, for fields
// that have one), its current value, the names it allows, then a few values
// of the common kinds.
func knobProbes(s *spec.Spec, path string) []string {
	probes := []string{""}
	c := s.Clone()
	c.Defaults()
	if data, err := spec.Encode(c); err == nil {
		if doc, serr := strictyaml.Parse(data); serr == nil && doc != nil {
			root := strictyaml.Deref(doc)
			if n := strictyaml.Deref(nodeAt(root, path)); n != nil && n != root && n.Kind == yaml.ScalarNode {
				probes = append(probes, n.Value)
			}
		}
	}
	probes = append(probes, spec.AllowedValues(path)...)
	return append(probes, "1", "0.1", "0", "0.5", "2", "16", "true", "false", "0,0")
}
