package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnlab/nnlab/lab/spec/safetext/safetexttest"
)

// hostilePack copies the lesson pack with escapes in every field into a
// folder and adds a file whose name is an escape sequence.
func hostilePack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"content/01-hostile.md", "quiz/hostile.yaml"} {
		b, err := os.ReadFile(filepath.Join("../../lessons/testdata/hostile", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "\x1b]0;owned\x07.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHostileTextNeverReachesTheTerminal runs the commands that print text
// from files on files full of terminal escapes.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	dir := hostilePack(t)
	spec := filepath.Join(t.TempDir(), "spec\x1b]0;t\x07.yaml")
	payload := strings.ReplaceAll(strings.ReplaceAll(safetexttest.All(), `\`, `\\`), "\x1b", `\e`)
	payload = strings.ReplaceAll(strings.ReplaceAll(payload, "\x07", `\a`), `"`, `\"`)
	text := "name: \"" + payload + "\"\ndata: {set: circle}\nmodel: {layers: [{units: 2, activation: \"x" + payload + "\"}]}\n" +
		"loss: \"" + payload + "\"\noptimizer: {name: \"" + payload + "\"}\nschedule: {kind: \"" + payload + "\"}\n\"" + payload + "\": 1\n"
	if err := os.WriteFile(spec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"lessons", "check", dir},
		{"quiz", "--lessons", dir, "--lesson", "hostile"},
		{"run", "--spec", spec},
	} {
		code, out, errOut := runCmd(t, "1\n", args...)
		if code == 0 {
			t.Errorf("%s: exit 0 on a hostile file", args[0])
		}
		if !strings.Contains(out+errOut, `\x1b`) {
			t.Errorf("%s: the escapes are not shown:\n%s%s", args[0], out, errOut)
		}
		safetexttest.Check(t, strings.Join(args[:2], " ")+" stdout", out)
		safetexttest.Check(t, strings.Join(args[:2], " ")+" stderr", errOut)
	}
}
