package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// refuses checks that reading name (in dir, or on the OS when dir is "")
// fails at once with an error containing want.
func refuses(t *testing.T, dir, name string, max int64, want string) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		var err error
		if dir == "" {
			_, err = ReadFile(nil, name, max)
		} else {
			_, err = ReadFile(os.DirFS(dir), name, max)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want an error with %q", name, err, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("ReadFile(%s) blocked", name)
	}
}

func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	refuses(t, "", "/dev/zero", 1<<20, "/dev/zero: a device, not a regular file")
	refuses(t, "", filepath.Join(dir, "zero.md"), 1<<20, "a device, not a regular file")
	refuses(t, "", filepath.Join(dir, "fifo.md"), 1<<20, "a named pipe (FIFO), not a regular file")
	refuses(t, "", filepath.Join(dir, "sub.md"), 1<<20, "a folder, not a regular file")
	refuses(t, dir, "zero.md", 1<<20, "zero.md: a device")
	refuses(t, dir, "fifo.md", 1<<20, "fifo.md: a named pipe (FIFO)")
	refuses(t, dir, "sub.md", 1<<20, "sub.md: a folder")
}

func TestSizeCap(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	refuses(t, "", big, 4<<20, "the file has 50 MiB (52428800 bytes), over the limit of 4 MiB (4194304 bytes)")
	refuses(t, dir, "big.yaml", 1<<20, "over the limit of 1 MiB (1048576 bytes)")
	exact := filepath.Join(dir, "exact")
	if err := os.WriteFile(exact, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(nil, exact, 5); err != nil || string(b) != "12345" {
		t.Errorf("a file at the cap: %q %v", b, err)
	}
	refuses(t, "", exact, 4, "the file has 5 bytes, over the limit of 4 bytes")
	if b, err := ReadFile(os.DirFS(dir), "exact", 5); err != nil || string(b) != "12345" {
		t.Errorf("a file at the cap in an fs.FS: %q %v", b, err)
	}
}
