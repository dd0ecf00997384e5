package strictyaml

import (
	"fmt"
	"iter"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a file: its line (1-based, 0 when it has
// none), the field path ("" for the file as a whole) and the message.
type Problem struct {
	Line int
	Path string
	Msg  string
}

// Reader walks the nodes of one file and collects problems.
type Reader struct {
	// Offset is added to node lines: the line of the file above the first
	// line of the parsed text (front matter starts below a "---" line).
	Offset int
	// Max bounds the problems kept (0: no bound); Dropped counts the rest.
	Max      int
	Problems []Problem
	Dropped  int
}

// Line is the file line of node n (0 for none).
func (r *Reader) Line(n *yaml.Node) int {
	if n == nil || n.Line == 0 {
		return 0
	}
	return n.Line + r.Offset
}

// Add records a problem at node n.
func (r *Reader) Add(n *yaml.Node, path, format string, args ...any) {
	r.AddAt(r.Line(n), path, format, args...)
}

// AddAt records a problem at a file line.
func (r *Reader) AddAt(line int, path, format string, args ...any) {
	if r.Max > 0 && len(r.Problems) >= r.Max {
		r.Dropped++
		return
	}
	r.Problems = append(r.Problems, Problem{Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Entry is one key of a mapping and its value.
type Entry struct {
	Key, Value *yaml.Node
}

// Mapping yields the entries of mapping node n (Deref'd by the caller)
// whose keys are among known, in file order. It reports keys that are not
// plain names, merge keys (<<), unknown keys (naming the known ones) and
// repeated keys as it meets them, and leaves them out, so that problems
// come in file order when the caller reads each value as it is yielded.
func (r *Reader) Mapping(n *yaml.Node, path string, known []string) iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := Deref(n.Content[i]), n.Content[i+1]
			switch {
			case k == nil:
			case k.Kind != yaml.ScalarNode:
				r.Add(k, path, "keys must be plain names, got %s as a key", Describe(k))
			case k.ShortTag() == "!!merge":
				r.Add(k, path, "merge keys (<<) are not supported; write the keys out")
			case !slices.Contains(known, k.Value):
				r.Add(k, path, "unknown key %s (known: %s)", Quote(k.Value), strings.Join(known, ", "))
			case first[k.Value] != nil:
				r.Add(k, path, "key %s appears twice (first at line %d)", Quote(k.Value), r.Line(first[k.Value]))
			default:
				first[k.Value] = k
				if !yield(Entry{Key: k, Value: v}) {
					return
				}
			}
		}
	}
}
