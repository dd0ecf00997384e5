package lessons

import (
	"go/build"
	"strings"
	"testing"
)

// TestImportsSpecOnly keeps lessons on the spec alone: not lab, not nn, not
// gonum (the tests may run experiments; the package itself does not).
func TestImportsSpecOnly(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		switch {
		case strings.HasPrefix(imp, "github.com/nnlab/nnlab/lab/spec"):
		case strings.HasPrefix(imp, "github.com/nnlab/"), strings.HasPrefix(imp, "gonum.org/"):
			t.Errorf("lessons imports %s; it may use lab/spec only", imp)
		}
	}
}
