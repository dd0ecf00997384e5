// Package strictyaml reads YAML written by people, strictly, for messages
// that name the place: one document per file, node trees walked by hand,
// every problem kept with its line and field path.
//
// Specs (package spec) and lesson files (package lessons) are read with it,
// so that a key, a number or a true/false means the same thing in both and
// their errors read alike:
//
//	file:line: path: message
//
// Parse turns text into a node tree; a Reader walks it: Mapping checks the
// keys of a mapping (unknown, repeated, merge keys), Scalar reads a value
// into a Go string, bool, int, uint64 or float64, and the problems collect
// in the Reader, up to a limit.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SyntaxError is text that is not one YAML document.
type SyntaxError struct {
	// Line is 1-based; 0 when the parser gave no line.
	Line int
	// Msg is the parser's message, or says that a second document follows.
	Msg string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// SecondDocument is the message of a SyntaxError for text holding more than
// one YAML document.
const SecondDocument = `a second YAML document (after a "---" line); a file holds exactly one`

// Parse parses data, which must hold at most one YAML document, and returns
// the document node, or nil when data holds no document (empty, or comments
// only). A JSON object indented with tabs is accepted (YAML forbids tabs as
// indentation, JSON writers use them). A parser panic, which a hostile file
// must never turn into a crash, comes back as a SyntaxError.
func Parse(data []byte) (doc *yaml.Node, err *SyntaxError) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &SyntaxError{Msg: fmt.Sprintf("the YAML parser failed (%v)", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(jsonTabs(data)))
	var d yaml.Node
	if e := dec.Decode(&d); e != nil {
		if errors.Is(e, io.EOF) {
			return nil, nil
		}
		return nil, syntaxError(e, data)
	}
	var next yaml.Node
	switch e := dec.Decode(&next); {
	case errors.Is(e, io.EOF):
		return &d, nil
	case e != nil:
		return nil, syntaxError(e, data)
	}
	return nil, &SyntaxError{Line: next.Line, Msg: SecondDocument}
}

var lineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner).
var parserProblems = []string{
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

// syntaxError splits a yaml.v3 error about data into its line and message.
//
// yaml.v3 gives scanner errors with 1-based lines but parser errors with
// the 0-based line of the construct being parsed (and no line when that is
// 0), so the lines of parser errors are moved down by one here, and kept
// within the text (a problem at its very end is on its last line).
func syntaxError(err error, data []byte) *SyntaxError {
	msg := err.Error()
	line := 0
	if m := lineErr.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if slices.Contains(parserProblems, msg) {
		last := bytes.Count(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) + 1
		line = min(line+1, last)
	}
	return &SyntaxError{Line: line, Msg: msg}
}

// jsonTabs replaces tabs that indent lines with spaces when the text is a
// JSON object. Indentation is never inside a JSON string, so no value
// changes.
func jsonTabs(data []byte) []byte {
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

// Deref follows document and alias nodes to the node that holds the value.
// It returns nil for an empty document and for aliases nested too deep.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 100; i++ {
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		case yaml.AliasNode:
			n = n.Alias
		case 0:
			return nil
		default:
			return n
		}
	}
	return nil
}

// IsNull reports whether n holds no value: absent, empty or null (~).
func IsNull(n *yaml.Node) bool {
	n = Deref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// Describe says what a node holds, for "got ..." in messages.
func Describe(n *yaml.Node) string {
	n = Deref(n)
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.ShortTag() == "!!null":
		return "nothing"
	}
	return Quote(n.Value)
}

// Quote quotes a value for a message, shortened if long. Control
// characters come out escaped.
func Quote(v string) string {
	if r := []rune(v); len(r) > 40 {
		v = string(r[:37]) + "..."
	}
	return strconv.Quote(v)
}

// Join appends a key to a field path: Join("model", "init") is model.init.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends a list index to a field path: presets[2].
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
