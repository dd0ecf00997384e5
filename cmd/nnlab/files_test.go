package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRefusesFilesThatAreNotSmallRegularFiles gives nnlab a device, a
// symlink to one, a FIFO and a 50 MB spec: each is refused at once, exit 2,
// with a message that says why (and states the cap).
func TestRefusesFilesThatAreNotSmallRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 50<<20); err != nil {
		t.Fatal(err)
	}
	pack := hostilePack(t)
	os.Remove(filepath.Join(pack, "content", "\x1b]0;owned\x07.txt"))
	if err := os.Symlink("/dev/zero", filepath.Join(pack, "content", "02-zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(pack, "quiz", "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"run", "--spec", "/dev/zero"}, 2, []string{"/dev/zero: a device, not a regular file"}},
		{[]string{"run", "--spec", fifo}, 2, []string{"fifo.yaml: a named pipe (FIFO), not a regular file"}},
		{[]string{"compare", "--spec", big, "--vary", "lr=0.1,0.2"}, 2, []string{"big.yaml: the file has 50 MiB (52428800 bytes), over the limit of 4 MiB (4194304 bytes)"}},
		{[]string{"lessons", "check", pack}, 1, []string{"02-zero.md: cannot read: a device, not a regular file", "fifo.yaml: cannot read: a named pipe (FIFO)"}},
		{[]string{"quiz", "--lessons", pack}, 2, []string{"02-zero.md: cannot read: a device, not a regular file"}},
	} {
		start := time.Now()
		code, out, errOut := runCmd(t, "", c.args...)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%v took %v", c.args, took)
		}
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.code, out, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%v: output lacks %q:\n%s%s", c.args, w, out, errOut)
			}
		}
	}
}

// TestDataDirRelativeToTheSpec: a relative data.dir is found next to the
// spec file, not in the working directory.
func TestDataDirRelativeToTheSpec(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exp")
	if err := os.MkdirAll(filepath.Join(dir, "idx"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(file, []byte("data: {set: fashion, n: 100, dir: idx}\nmodel: {layers: [{units: 10}]}\nsteps: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, errOut := runCmd(t, "", "run", "--spec", file)
	if want := "fashion data dir " + filepath.Join(dir, "idx") + ": no train-images"; !strings.Contains(out+errOut, want) {
		t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
	}
}
