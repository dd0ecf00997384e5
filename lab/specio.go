package lab

// Reading and writing specs: Decode, Load, Encode and the errors they return.
//
// Decoding does not use yaml.v3's struct decoder. It parses the text into a
// yaml.Node tree and walks that tree against the Spec types by their yaml
// tags. That rejects unknown keys just as Decoder.KnownFields(true) would,
// and in addition it reports every problem at once, each with its line and
// field path, and names the keys that are allowed. The same walker and the
// same scalar parsing serve Set, so a value means the same thing in a file
// and on the command line.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SpecError is one problem with a spec. Its text is
// "file:line: path: message"; parts that are unknown are left out.
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
	return b.String()
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

// specMaxProblems bounds how many problems one error lists.
const specMaxProblems = 50

// specMaxValues bounds how many YAML values one spec may hold after
// anchors and aliases are expanded.
const specMaxValues = 1_000_000

// specProblems collects problems up to specMaxProblems.
type specProblems struct {
	list    []*SpecError
	dropped int
}

func (p *specProblems) add(line int, path, format string, args ...any) {
	if len(p.list) >= specMaxProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, &SpecError{Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// err returns nil, or a *ValidationError with the problems and, when some
// were dropped, a last line saying how many.
func (p *specProblems) err(file string) error {
	if len(p.list) == 0 {
		return nil
	}
	list := p.list
	if p.dropped > 0 {
		list = append(list, &SpecError{Msg: fmt.Sprintf("%d more problems not shown", p.dropped)})
	}
	for _, e := range list {
		e.File = file
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
	s, _, err := specDecodeBytes(data, filename, false)
	return s, err
}

// Load is Decode followed by Validate, with the line of every validation
// problem filled in from the file; on any problem it returns nil and a
// *ValidationError. The returned spec is as written: defaults are not
// filled in (call Defaults on a Clone, as the runner does), so that Set and
// Encode keep working on what the author wrote.
func Load(data []byte, filename string) (*Spec, error) {
	s, lines, err := specDecodeBytes(data, filename, true)
	if err != nil {
		return nil, err
	}
	if err := specLocate(s.Validate(), filename, lines); err != nil {
		return nil, err
	}
	return s, nil
}

// DecodeNode is Decode for a spec that is part of a larger YAML document,
// such as an experiment inside a lesson file. Lines in errors are those of
// the node. Paths are relative to the spec.
func DecodeNode(node *yaml.Node, filename string) (*Spec, error) {
	s, _, err := specDecodeNode(node, filename, false)
	return s, err
}

// LoadNode is Load for a spec that is part of a larger YAML document.
func LoadNode(node *yaml.Node, filename string) (*Spec, error) {
	s, lines, err := specDecodeNode(node, filename, true)
	if err != nil {
		return nil, err
	}
	if err := specLocate(s.Validate(), filename, lines); err != nil {
		return nil, err
	}
	return s, nil
}

// specLocate fills File and Line into the problems of a Validate error. A
// path that the file does not contain (a default value) takes the line of
// its nearest written parent.
func specLocate(err error, filename string, lines map[string]int) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for _, p := range ve.Problems {
		p.File = filename
		if p.Line == 0 {
			p.Line = specLineOf(p.Path, lines)
		}
	}
	return ve
}

func specLineOf(path string, lines map[string]int) int {
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

var specYAMLLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// specSyntaxError turns a yaml.v3 parse error into a SpecError.
func specSyntaxError(err error, filename string) error {
	msg := err.Error()
	e := &SpecError{File: filename}
	if m := specYAMLLineErr.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	e.Msg = "not valid YAML or JSON: " + msg
	return &ValidationError{Problems: []*SpecError{e}}
}

// specJSONTabs replaces tabs that indent lines with spaces when the text is
// a JSON object: YAML forbids tabs as indentation, JSON writers use them.
// Indentation is never inside a JSON string, so no value changes.
func specJSONTabs(data []byte) []byte {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(data, []byte("\t")) {
		return data
	}
	out := make([]byte, 0, len(data))
	atLineStart := true
	for _, c := range data {
		switch {
		case c == '\n':
			atLineStart = true
		case atLineStart && c == '\t':
			c = ' '
		case c != ' ' && c != '\r':
			atLineStart = false
		}
		out = append(out, c)
	}
	return out
}

func specDecodeBytes(data []byte, filename string, wantLines bool) (s *Spec, lines map[string]int, err error) {
	defer func() {
		// yaml.v3 has panicked on hostile input in the past; a bad file must
		// never take the program down.
		if r := recover(); r != nil {
			s, lines = nil, nil
			err = &ValidationError{Problems: []*SpecError{{File: filename,
				Msg: fmt.Sprintf("not valid YAML or JSON (the parser failed: %v)", r)}}}
		}
	}()
	data = specJSONTabs(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil, specEmptyError(filename, 0)
		}
		return nil, nil, specSyntaxError(err, filename)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, nil, specSyntaxError(err, filename)
	default:
		return nil, nil, &ValidationError{Problems: []*SpecError{{File: filename, Line: next.Line,
			Msg: "a second YAML document (after ---); a spec file holds exactly one"}}}
	}
	return specDecodeNode(&doc, filename, wantLines)
}

func specEmptyError(filename string, line int) error {
	return &ValidationError{Problems: []*SpecError{{File: filename, Line: line,
		Msg: "empty spec: expected a mapping with keys such as data, model, loss and optimizer (or function)"}}}
}

func specDecodeNode(node *yaml.Node, filename string, wantLines bool) (*Spec, map[string]int, error) {
	if node == nil {
		return nil, nil, specEmptyError(filename, 0)
	}
	n := node
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil, specEmptyError(filename, n.Line)
		}
		n = n.Content[0]
	}
	if n = specDeref(n); n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
		line := 0
		if n != nil {
			line = n.Line
		}
		return nil, nil, specEmptyError(filename, line)
	}
	d := &specDecoder{budget: specMaxValues}
	if wantLines {
		d.lines = map[string]int{}
	}
	s := new(Spec)
	d.decode(n, reflect.ValueOf(s).Elem(), "")
	if err := d.probs.err(filename); err != nil {
		return nil, nil, err
	}
	return s, d.lines, nil
}

// specDecoder walks a yaml.Node tree against a Go value.
type specDecoder struct {
	probs  specProblems
	lines  map[string]int // field path -> line; nil when not wanted
	budget int            // values left before the spec is too large
}

// specDeref follows aliases to the anchored node.
func specDeref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func specJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// specField is one yaml-tagged field of a struct.
type specField struct {
	name  string
	index int
	typ   reflect.Type
}

// specFields lists the yaml-tagged fields of struct type t in order.
func specFields(t reflect.Type) []specField {
	var fs []specField
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
		fs = append(fs, specField{name: name, index: i, typ: f.Type})
	}
	return fs
}

func specFieldNames(t reflect.Type) string {
	fs := specFields(t)
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// specDescribe says what a node holds, for "got ..." in messages.
func specDescribe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return specQuote(n.Value)
	}
	return "nothing"
}

// specQuote quotes a value for a message, shortened if long.
func specQuote(v string) string {
	if r := []rune(v); len(r) > 40 {
		v = string(r[:37]) + "..."
	}
	return strconv.Quote(v)
}

func (d *specDecoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = specDeref(n)
	if n == nil {
		return
	}
	d.budget--
	if d.budget < 0 {
		if d.budget == -1 {
			d.probs.add(n.Line, path, "the spec holds more than %d values, which is over the limit (check anchors and aliases that repeat large parts)", specMaxValues)
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
		if n.Kind != yaml.SequenceNode {
			d.probs.add(n.Line, path, "expected a list, got %s", specDescribe(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero() // empty and absent lists are the same: nil
			return
		}
		sl := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		record := d.lines != nil && v.Type().Elem().Kind() != reflect.Float64
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			if record {
				d.lines[p] = c.Line
			}
			d.decode(c, sl.Index(i), p)
		}
		v.Set(sl)
	default:
		if msg := specScalar(n, v); msg != "" {
			d.probs.add(n.Line, path, "%s", msg)
		}
	}
}

func (d *specDecoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	if n.Kind != yaml.MappingNode {
		d.probs.add(n.Line, path, "expected a mapping with keys %s; got %s", specFieldNames(t), specDescribe(n))
		return
	}
	fields := specFields(t)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := specDeref(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.probs.add(k.Line, path, "keys must be plain names, got %s as a key", specDescribe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.probs.add(k.Line, path, "merge keys (<<) are not supported; write the keys out")
			continue
		}
		idx := -1
		for _, f := range fields {
			if f.name == k.Value {
				idx = f.index
				break
			}
		}
		if idx < 0 {
			d.probs.add(k.Line, path, "unknown key %s (known: %s)", specQuote(k.Value), specFieldNames(t))
			continue
		}
		p := specJoin(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.probs.add(k.Line, path, "key %s appears twice (first at line %d)", specQuote(k.Value), first)
			continue
		}
		seen[k.Value] = k.Line
		if d.lines != nil {
			d.lines[p] = k.Line
		}
		d.decode(val, v.Field(idx), p)
	}
}

// specScalar stores scalar node n into v (a string, bool, int, uint64 or
// float64) and returns "" or a message saying what was wrong.
func specScalar(n *yaml.Node, v reflect.Value) string {
	if n.Kind != yaml.ScalarNode {
		return fmt.Sprintf("expected %s, got %s", specKindName(v.Kind()), specDescribe(n))
	}
	tag := n.ShortTag()
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	switch v.Kind() {
	case reflect.String:
		switch tag {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
			v.SetString(n.Value)
			return ""
		}
		return fmt.Sprintf("%s has tag %s; expected plain text", specQuote(n.Value), tag)
	case reflect.Bool:
		switch tag {
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				v.SetBool(b)
				return ""
			}
		case "!!str":
			if !quoted {
				switch strings.ToLower(n.Value) {
				case "yes", "on":
					v.SetBool(true)
					return ""
				case "no", "off":
					v.SetBool(false)
					return ""
				}
			}
		}
		return fmt.Sprintf("%s is not true or false", specQuote(n.Value))
	case reflect.Float64:
		if tag == "!!int" || tag == "!!float" {
			// Fast paths for the bulk of inline data, reading numbers as
			// yaml.v3 does (ints with base prefixes and octal 0777 included).
			if tag == "!!int" {
				if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
					v.SetFloat(float64(i))
					return ""
				}
			} else if specPlainDecimal(n.Value) {
				if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
					v.SetFloat(f)
					return ""
				}
			}
			var f float64
			if n.Decode(&f) == nil {
				v.SetFloat(f)
				return ""
			}
		}
		return specNotA(n, tag, quoted, "a number")
	case reflect.Int, reflect.Int64:
		switch tag {
		case "!!int":
			var i int64
			if n.Decode(&i) != nil {
				return fmt.Sprintf("%s is out of range for a whole number", specQuote(n.Value))
			}
			v.SetInt(i)
			return ""
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && f == math.Trunc(f) {
				if math.Abs(f) >= 1<<62 {
					return fmt.Sprintf("%s is out of range for a whole number", specQuote(n.Value))
				}
				v.SetInt(int64(f))
				return ""
			}
		}
		return specNotA(n, tag, quoted, "a whole number")
	case reflect.Uint64:
		const want = "a whole number from 0 to 18446744073709551615"
		switch tag {
		case "!!int":
			var u uint64
			if n.Decode(&u) != nil {
				return fmt.Sprintf("%s is not %s", specQuote(n.Value), want)
			}
			v.SetUint(u)
			return ""
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && f == math.Trunc(f) && f >= 0 && f < 1<<63 {
				v.SetUint(uint64(f))
				return ""
			}
		}
		return specNotA(n, tag, quoted, want)
	}
	return fmt.Sprintf("cannot hold a value of Go type %s", v.Type())
}

// specPlainDecimal reports whether v is written with digits, sign, point
// and exponent only, so that strconv and YAML read it alike.
func specPlainDecimal(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

func specNotA(n *yaml.Node, tag string, quoted bool, what string) string {
	if quoted && tag == "!!str" {
		if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil {
			return fmt.Sprintf("%s is text in quotes, not %s; remove the quotes", specQuote(n.Value), what)
		}
	}
	return fmt.Sprintf("%s is not %s", specQuote(n.Value), what)
}

func specKindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "a whole number"
	}
	return "a single value"
}

// Encode writes s as YAML that Decode reads back to an equal spec. Fields
// at their zero value are left out; lists of numbers or names are written
// on one line ([1, 2]). Encode does not fill defaults.
func Encode(s *Spec) ([]byte, error) {
	if s == nil {
		return nil, errors.New("lab.Encode: nil spec")
	}
	var n yaml.Node
	if err := n.Encode(s); err != nil {
		return nil, fmt.Errorf("lab.Encode: %w", err)
	}
	specFlowLeaves(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("lab.Encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("lab.Encode: %w", err)
	}
	return b.Bytes(), nil
}

// specFlowLeaves puts sequences of scalars in flow style.
func specFlowLeaves(n *yaml.Node) {
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
		specFlowLeaves(c)
	}
}
