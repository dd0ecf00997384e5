package spec

import (
	"go/build"
	"strings"
	"testing"
)

// TestImportsNothingOfOurs keeps package spec (and its YAML reader) free of
// nn and lab, so that lessons can depend on the spec alone.
func TestImportsNothingOfOurs(t *testing.T) {
	for dir, allowed := range map[string][]string{
		".":          {"github.com/nnlab/nnlab/lab/spec/safetext", "github.com/nnlab/nnlab/lab/spec/strictyaml"},
		"strictyaml": nil,
		"safetext":   nil,
	} {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
	imports:
		for _, imp := range pkg.Imports {
			for _, a := range allowed {
				if imp == a {
					continue imports
				}
			}
			if strings.HasPrefix(imp, "github.com/nnlab/") || strings.HasPrefix(imp, "gonum.org/") {
				t.Errorf("%s imports %s", pkg.ImportPath, imp)
			}
		}
	}
}
