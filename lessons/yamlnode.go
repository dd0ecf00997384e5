package lessons

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// reader walks yaml.Nodes of one file and records problems with the file's
// real line numbers (offset is added to the node lines, for front matter
// that starts below the first line of the file).
type reader struct {
	file   string
	offset int
	probs  []Problem
}

func (r *reader) line(n *yaml.Node) int {
	if n == nil || n.Line == 0 {
		return 0
	}
	return n.Line + r.offset
}

// errf records a problem at node n. path, when not empty, prefixes the
// message as "path: ".
func (r *reader) errf(n *yaml.Node, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	r.probs = append(r.probs, Problem{File: r.file, Line: r.line(n), Msg: msg})
}

// at records a problem at an explicit file line.
func (r *reader) at(line int, msg string) {
	r.probs = append(r.probs, Problem{File: r.file, Line: line, Msg: msg})
}

// resolve follows document and alias nodes.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		case yaml.AliasNode:
			n = n.Alias
		case 0:
			return nil // an empty document
		default:
			return n
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
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
	rn := resolve(n)
	if rn == nil || rn.Kind != yaml.MappingNode {
		r.errf(n, path, "must be %s (a mapping of keys %s), got %s", what, strings.Join(allowed, ", "), describe(rn))
		return m, false
	}
	m.node = rn
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, v := rn.Content[i], rn.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			r.errf(k, path, "a key must be a plain word; allowed keys: %s", strings.Join(allowed, ", "))
			continue
		}
		if !contains(allowed, k.Value) {
			r.errf(k, path, "unknown key %q; allowed keys: %s", k.Value, strings.Join(allowed, ", "))
			continue
		}
		if prev, dup := m.keys[k.Value]; dup {
			r.errf(k, path, "key %q appears twice (first at line %d); give it once", k.Value, r.line(prev))
			continue
		}
		m.keys[k.Value] = k
		m.vals[k.Value] = v
	}
	return m, true
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// str reads a string field; required reports it when missing or empty.
func (r *reader) str(m mapping, key, path string, required bool) string {
	n := m.vals[key]
	p := join(path, key)
	if isNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return ""
	}
	rn := resolve(n)
	if rn.Kind != yaml.ScalarNode {
		r.errf(n, p, "must be text, got %s", describe(rn))
		return ""
	}
	v := strings.TrimSpace(rn.Value)
	if v == "" && required {
		r.errf(n, p, "is empty; write some text")
	}
	return v
}

// missing reports a required key that is absent, at the line of its
// enclosing mapping (or of the key when the value is empty).
func (r *reader) missing(m mapping, key, path string) {
	if k := m.keys[key]; k != nil {
		r.errf(k, join(path, key), "is empty; a value is required")
		return
	}
	r.errf(m.node, join(path, key), "missing; it is required")
}

// integer reads an int field.
func (r *reader) integer(m mapping, key, path string, required bool) (int, bool) {
	n := m.vals[key]
	if isNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return 0, false
	}
	rn := resolve(n)
	var v int
	if rn.Kind != yaml.ScalarNode || rn.Decode(&v) != nil {
		r.errf(n, join(path, key), "must be a whole number, got %s", describe(rn))
		return 0, false
	}
	return v, true
}

// float reads a float field.
func (r *reader) float(m mapping, key, path string, required bool) (float64, bool) {
	n := m.vals[key]
	if isNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return 0, false
	}
	rn := resolve(n)
	var v float64
	if rn.Kind != yaml.ScalarNode || rn.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.errf(n, join(path, key), "must be a number such as 1e-6 or 0.001, got %s", describe(rn))
		return 0, false
	}
	return v, true
}

// boolean reads a bool field (absent means false).
func (r *reader) boolean(m mapping, key, path string) bool {
	n := m.vals[key]
	if isNull(n) {
		return false
	}
	rn := resolve(n)
	var v bool
	if rn.Kind != yaml.ScalarNode || rn.Decode(&v) != nil {
		r.errf(n, join(path, key), "must be true or false, got %s", describe(rn))
		return false
	}
	return v
}

// list reads a sequence field; a missing one is an empty list.
func (r *reader) list(m mapping, key, path string, required bool) []*yaml.Node {
	n := m.vals[key]
	if isNull(n) {
		if required {
			r.missing(m, key, path)
		}
		return nil
	}
	rn := resolve(n)
	if rn.Kind != yaml.SequenceNode {
		r.errf(n, join(path, key), "must be a list (items starting with \"- \"), got %s", describe(rn))
		return nil
	}
	if len(rn.Content) == 0 && required {
		r.errf(n, join(path, key), "is an empty list; give at least one item")
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
		r.errf(m.vals[key], join(path, key), "%q is not a valid id; use lower-case letters, digits and '-', starting with a letter or digit", id)
		return false
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// yamlSyntaxError splits a yaml syntax error into its line (0 when it has
// none) and its message without the "yaml: line N: " prefix.
//
// yaml.v3 gives scanner errors with 1-based lines but parser errors with
// the 0-based line of the construct being parsed (and no line when that is
// 0), so the lines of parser errors are moved down by one here.
func yamlSyntaxError(err error) (int, string) {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	for _, p := range yamlParserProblems {
		if msg == p {
			line++
			break
		}
	}
	return line, msg
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// its scanner).
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
}
