package lessons

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec/safetext"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// reader walks the yaml.Nodes of one file with strictyaml, the reader that
// specs use too, and turns its problems into Problems of the file.
type reader struct {
	file string
	strictyaml.Reader
}

// errf records a problem at node n. path, when not empty, prefixes the
// message as "path: ".
func (r *reader) errf(n *yaml.Node, path, format string, args ...any) {
	r.Add(n, path, format, args...)
}

// at records a problem at an explicit file line.
func (r *reader) at(line int, msg string) {
	r.AddAt(line, "", "%s", msg)
}

// problems returns what was recorded, as "path: message" Problems.
func (r *reader) problems() []Problem {
	out := make([]Problem, len(r.Problems))
	for i, p := range r.Problems {
		msg := p.Msg
		if p.Path != "" {
			msg = p.Path + ": " + msg
		}
		out[i] = Problem{File: r.file, Line: p.Line, Msg: msg}
	}
	return out
}

// mapping is a YAML mapping read with known keys.
type mapping struct {
	node *yaml.Node
	vals map[string]*yaml.Node
	keys map[string]*yaml.Node
}

func (m mapping) has(key string) bool { return m.vals[key] != nil }

// fields reads n as a mapping whose keys must be among allowed. It reports a
// node that is not a mapping, unknown keys and repeated keys. what names the
// thing for messages ("a lesson's front matter", "a preset").
func (r *reader) fields(n *yaml.Node, path, what string, allowed ...string) (mapping, bool) {
	m := mapping{node: n, vals: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	rn := strictyaml.Deref(n)
	if rn == nil || rn.Kind != yaml.MappingNode {
		r.errf(n, path, "must be %s (a mapping of keys %s), got %s", what, strings.Join(allowed, ", "), strictyaml.Describe(rn))
		return m, false
	}
	m.node = rn
	for e := range r.Mapping(rn, path, allowed) {
		m.keys[e.Key.Value] = e.Key
		m.vals[e.Key.Value] = e.Value
	}
	return m, true
}

// scalar reads the value of key into dst (a *string, *bool, *int or
// *float64) as specs read their values. It reports whether a value was
// read; an absent or null one is reported when required.
func (r *reader) scalar(m mapping, key, path string, required bool, dst any) bool {
	n := m.vals[key]
	if strictyaml.IsNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return false
	}
	if msg := strictyaml.Scalar(strictyaml.Deref(n), reflect.ValueOf(dst).Elem()); msg != "" {
		r.errf(n, strictyaml.Join(path, key), "%s", msg)
		return false
	}
	return true
}

// str reads a string field; required reports it when missing or empty.
func (r *reader) str(m mapping, key, path string, required bool) string {
	var v string
	if !r.scalar(m, key, path, required, &v) {
		return ""
	}
	v = r.text(m.vals[key], strictyaml.Join(path, key), strings.TrimSpace(v))
	if v == "" && required {
		r.errf(m.vals[key], strictyaml.Join(path, key), "is empty; write some text")
	}
	return v
}

// text returns v, a value read from node n, made safe to print
// (safetext.Clean), and reports each unsafe character in it.
func (r *reader) text(n *yaml.Node, path, v string) string {
	safetext.Each(v, func(_ int, c rune) { r.errf(n, path, "%s", unsafeMsg(c)) })
	return safetext.Clean(v)
}

// longLines reports every line of text (a whole file) longer than
// MaxLineBytes.
func (r *reader) longLines(text string) {
	for i, line := 1, ""; text != ""; i++ {
		line, text, _ = strings.Cut(text, "\n")
		if len(line) > MaxLineBytes {
			r.at(i, fmt.Sprintf("the line is %d bytes long, over the limit of %d; break it into shorter lines", len(line), MaxLineBytes))
		}
	}
}

// unsafeMsg is the problem of one unsafe character in a lesson or quiz.
func unsafeMsg(c rune) string {
	return "text holds a control, bidi or zero-width character (" + safetext.Describe(c) + "); remove it"
}

// missing reports a required key that is absent, at the line of its
// enclosing mapping (or of the key when the value is empty).
func (r *reader) missing(m mapping, key, path string) {
	if k := m.keys[key]; k != nil {
		r.errf(k, strictyaml.Join(path, key), "is empty; a value is required")
		return
	}
	r.errf(m.node, strictyaml.Join(path, key), "missing; it is required")
}

// integer reads an int field.
func (r *reader) integer(m mapping, key, path string, required bool) (int, bool) {
	var v int
	ok := r.scalar(m, key, path, required, &v)
	return v, ok
}

// float reads a finite float field.
func (r *reader) float(m mapping, key, path string, required bool) (float64, bool) {
	var v float64
	if !r.scalar(m, key, path, required, &v) {
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.errf(m.vals[key], strictyaml.Join(path, key), "must be a finite number, got %v", v)
		return 0, false
	}
	return v, true
}

// boolean reads a bool field (absent means false).
func (r *reader) boolean(m mapping, key, path string) bool {
	var v bool
	r.scalar(m, key, path, false, &v)
	return v
}

// list reads a sequence field; a missing one is an empty list.
func (r *reader) list(m mapping, key, path string, required bool) []*yaml.Node {
	n := m.vals[key]
	if strictyaml.IsNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return nil
	}
	rn := strictyaml.Deref(n)
	if rn.Kind != yaml.SequenceNode {
		r.errf(n, strictyaml.Join(path, key), "must be a list (items starting with \"- \"), got %s", strictyaml.Describe(rn))
		return nil
	}
	if len(rn.Content) == 0 && required {
		r.errf(n, strictyaml.Join(path, key), "is an empty list; give at least one item")
	}
	return rn.Content
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// checkID reports an id that does not follow the id syntax.
func (r *reader) checkID(m mapping, key, path, id string) bool {
	if id == "" {
		return false
	}
	if !idPattern.MatchString(id) {
		r.errf(m.vals[key], strictyaml.Join(path, key), "%q is not a valid id; use lower-case letters, digits and '-', starting with a letter or digit", id)
		return false
	}
	return true
}
