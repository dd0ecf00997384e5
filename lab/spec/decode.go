package spec

// Reading and writing specs: Decode, Load, Encode and the errors they return.
//
// Decoding does not use yaml.v3's struct decoder. It parses the text into a
// yaml.Node tree and walks that tree against the Spec types by their yaml
// tags. That rejects unknown keys just as Decoder.KnownFields(true) would,
// and in addition it reports every problem at once, each with its line and
// field path, and names the keys that are allowed. The same walker and the
// same scalar parsing (strictyaml.Scalar) serve Set, so a value means the
// same thing in a file and on the command line; lesson files are read with
// the same strictyaml reader.

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nnlab/nnlab/lab/spec/safetext"
	"github.com/nnlab/nnlab/lab/spec/strictyaml"
)

// SpecError is one problem with a spec. Its text is
// "file:line: path: message"; parts that are unknown are left out. The text
// is safe to print: control, bidi and zero-width characters from the file
// (in a value the message echoes, or in the file name) come out as visible
// escapes (see safetext).
type SpecError struct {
	// File is the file name given to Decode or Load; empty for Set.
	File string
	// Line is the 1-based line of the offending key or value; 0 when the
	// problem has no place in the file (a default value, for example).
	Line int
	// Path names the field, such as model.layers[2].units; empty when the
	// problem is with the spec as a whole.
	Path string
	// Msg says what was wrong and what is allowed.
	Msg string
}

func (e *SpecError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return safetext.Clean(b.String())
}

// ValidationError holds every problem found in a spec, in the order of the
// spec's fields. Decode, Load, Validate and Set return it (Set returns a
// lone *SpecError when there is one problem). Error joins the problems, one
// per line.
type ValidationError struct {
	Problems []*SpecError
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the problems to errors.Is and errors.As.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// maxProblems bounds how many problems one error lists.
const maxProblems = 50

// maxValues bounds how many YAML values one spec may hold after anchors
// and aliases are expanded.
const maxValues = 1_000_000

// problemsError returns nil, or a *ValidationError with the problems of r
// and, when some were dropped, a last line saying how many.
func problemsError(r *strictyaml.Reader, file string) error {
	if len(r.Problems) == 0 {
		return nil
	}
	list := make([]*SpecError, 0, len(r.Problems)+1)
	for _, p := range r.Problems {
		list = append(list, &SpecError{File: file, Line: p.Line, Path: p.Path, Msg: p.Msg})
	}
	if r.Dropped > 0 {
		list = append(list, &SpecError{File: file, Msg: fmt.Sprintf("%d more problems not shown", r.Dropped)})
	}
	return &ValidationError{Problems: list}
}

// Decode reads a spec from YAML (or JSON, which is YAML too). filename is
// used only in error messages. It checks the structure: unknown keys,
// values of the wrong type, repeated keys, several documents, an empty file.
// It does not apply defaults and does not call Validate; Load does both
// checks. Problems come back as a *ValidationError whose entries read
// "file:line: field path: message".
func Decode(data []byte, filename string) (*Spec, error) {
	s, _, err := decodeBytes(data, filename, false)
	return s, err
}

// Load is Decode followed by Validate, with the line of every validation
// problem filled in from the file; on any problem it returns nil and a
// *ValidationError. The returned spec is as written: defaults are not
// filled in (call Defaults on a Clone, as the runner does), so that Set and
// Encode keep working on what the author wrote.
func Load(data []byte, filename string) (*Spec, error) {
	s, lines, err := decodeBytes(data, filename, true)
	if err != nil {
		return nil, err
	}
	if err := locate(s.Validate(), filename, lines); err != nil {
		return nil, err
	}
	return s, nil
}

// DecodeNode is Decode for a spec that is part of a larger YAML document,
// such as an experiment inside a lesson file. Lines in errors are those of
// the node. Paths are relative to the spec.
func DecodeNode(node *yaml.Node, filename string) (*Spec, error) {
	s, _, err := decodeNode(node, filename, false)
	return s, err
}

// LoadNode is Load for a spec that is part of a larger YAML document.
func LoadNode(node *yaml.Node, filename string) (*Spec, error) {
	s, lines, err := decodeNode(node, filename, true)
	if err != nil {
		return nil, err
	}
	if err := locate(s.Validate(), filename, lines); err != nil {
		return nil, err
	}
	return s, nil
}

// locate fills File and Line into the problems of a Validate error. A
// path that the file does not contain (a default value) takes the line of
// its nearest written parent.
func locate(err error, filename string, lines map[string]int) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for _, p := range ve.Problems {
		p.File = filename
		if p.Line == 0 {
			p.Line = lineOf(p.Path, lines)
		}
	}
	return ve
}

func lineOf(path string, lines map[string]int) int {
	for path != "" {
		if l, ok := lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return 0
		}
		path = path[:i]
	}
	return 0
}

func decodeBytes(data []byte, filename string, wantLines bool) (*Spec, map[string]int, error) {
	doc, serr := strictyaml.Parse(data)
	switch {
	case serr != nil && serr.Msg == strictyaml.SecondDocument:
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: serr.Line, Msg: serr.Msg}}}
	case serr != nil:
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: serr.Line, Msg: "not valid YAML or JSON: " + serr.Msg}}}
	case doc == nil:
		return nil, nil, emptyError(filename, 0)
	}
	return decodeNode(doc, filename, wantLines)
}

func emptyError(filename string, line int) error {
	return &ValidationError{Problems: []*SpecError{{File: filename, Line: line,
		Msg: "empty spec: expected a mapping with keys such as data, model, loss and optimizer (or function)"}}}
}

func decodeNode(node *yaml.Node, filename string, wantLines bool) (*Spec, map[string]int, error) {
	n := strictyaml.Deref(node)
	if strictyaml.IsNull(n) {
		line := 0
		if n != nil {
			line = n.Line
		} else if node != nil {
			line = node.Line
		}
		return nil, nil, emptyError(filename, line)
	}
	d := &decoder{budget: maxValues, r: strictyaml.Reader{Max: maxProblems}}
	if wantLines {
		d.lines = map[string]int{}
	}
	s := new(Spec)
	d.decode(n, reflect.ValueOf(s).Elem(), "")
	if err := problemsError(&d.r, filename); err != nil {
		return nil, nil, err
	}
	return s, d.lines, nil
}

// sizeType is Size, the one list that may be written as a single number.
var sizeType = reflect.TypeFor[Size]()

// decoder walks a yaml.Node tree against a Go value.
type decoder struct {
	r      strictyaml.Reader
	lines  map[string]int // field path -> line; nil when not wanted
	budget int            // values left before the spec is too large
}

// structField is one yaml-tagged field of a struct.
type structField struct {
	name  string
	index int
	typ   reflect.Type
}

// structFields lists the yaml-tagged fields of struct type t in order.
func structFields(t reflect.Type) []structField {
	var fs []structField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs = append(fs, structField{name: name, index: i, typ: f.Type})
	}
	return fs
}

// fieldNames lists the keys of struct type t.
func fieldNames(t reflect.Type) []string {
	fs := structFields(t)
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}

// fieldList is fieldNames joined for messages.
func fieldList(t reflect.Type) string { return strings.Join(fieldNames(t), ", ") }

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = strictyaml.Deref(n)
	if n == nil {
		return
	}
	d.budget--
	if d.budget < 0 {
		if d.budget == -1 {
			d.r.Add(n, path, "the spec holds more than %d values, which is over the limit (check anchors and aliases that repeat large parts)", maxValues)
		}
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		v.SetZero()
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
	case reflect.Struct:
		d.mapping(n, v, path)
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && v.Type() == sizeType {
			// kernel: 5 is kernel: [5]
			n = &yaml.Node{Kind: yaml.SequenceNode, Line: n.Line, Column: n.Column, Content: []*yaml.Node{n}}
		}
		if n.Kind != yaml.SequenceNode {
			d.r.Add(n, path, "expected a list, got %s", strictyaml.Describe(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero() // empty and absent lists are the same: nil
			return
		}
		sl := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		record := d.lines != nil && v.Type().Elem().Kind() != reflect.Float64
		for i, c := range n.Content {
			p := strictyaml.Index(path, i)
			if record {
				d.lines[p] = c.Line
			}
			d.decode(c, sl.Index(i), p)
		}
		v.Set(sl)
	default:
		if msg := strictyaml.Scalar(n, v); msg != "" {
			d.r.Add(n, path, "%s", msg)
		}
	}
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	known := fieldNames(t)
	if n.Kind != yaml.MappingNode {
		d.r.Add(n, path, "expected a mapping with keys %s; got %s", strings.Join(known, ", "), strictyaml.Describe(n))
		return
	}
	fields := structFields(t)
	for e := range d.r.Mapping(n, path, known) {
		p := strictyaml.Join(path, e.Key.Value)
		if d.lines != nil {
			d.lines[p] = e.Key.Line
		}
		d.decode(e.Value, v.Field(fields[slices.Index(known, e.Key.Value)].index), p)
	}
}

// Encode writes s as YAML that Decode reads back to an equal spec. Fields
// at their zero value are left out; lists of numbers or names are written
// on one line ([1, 2]). Encode does not fill defaults.
func Encode(s *Spec) ([]byte, error) {
	if s == nil {
		return nil, errors.New("spec.Encode: nil spec")
	}
	var n yaml.Node
	if err := n.Encode(s); err != nil {
		return nil, fmt.Errorf("spec.Encode: %w", err)
	}
	flowLeaves(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("spec.Encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("spec.Encode: %w", err)
	}
	return b.Bytes(), nil
}

// flowLeaves puts sequences of scalars in flow style.
func flowLeaves(n *yaml.Node) {
	if n.Kind == yaml.SequenceNode {
		flow := true
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				flow = false
			}
		}
		if flow {
			n.Style = yaml.FlowStyle
		}
	}
	for _, c := range n.Content {
		flowLeaves(c)
	}
}
