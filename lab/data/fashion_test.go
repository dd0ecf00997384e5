package data

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLoadFashionEmbedded(t *testing.T) {
	s, err := LoadFashion("", FashionOptions{Embedded: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.Train.N != 5600 || s.Test.N != 1000 || s.Inputs != 784 || s.Classes != 10 || s.ImageW != 28 ||
		len(s.Train.Pix) != 5600*784 || s.Train.X != nil || !slices.Equal(s.ClassNames, FashionClassNames) {
		t.Fatalf("embedded set: %d/%d images, Inputs %d, Classes %d", s.Train.N, s.Test.N, s.Inputs, s.Classes)
	}
	if !strings.HasPrefix(s.Note, "embedded subset") || !strings.Contains(s.Note, "5600 train / 1000 test") {
		t.Errorf("Note = %q", s.Note)
	}
	// Stratified: every block of ten holds each class once.
	for _, sp := range []Split{s.Train, s.Test} {
		for b := 0; b < sp.N; b += 10 {
			block := slices.Sorted(slices.Values(sp.Labels[b : b+10]))
			if !slices.Equal(block, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
				t.Fatalf("labels %d..%d are %v; want each class once", b, b+9, sp.Labels[b:b+10])
			}
		}
	}
	// Prefixes.
	p, err := LoadFashion("", FashionOptions{Embedded: true, Train: 120, Test: 30})
	if err != nil {
		t.Fatal(err)
	}
	if p.Train.N != 120 || p.Test.N != 30 || !slices.Equal(p.Train.Labels, s.Train.Labels[:120]) ||
		!bytes.Equal(p.Test.Pix, s.Test.Pix[:30*784]) {
		t.Errorf("prefix 120/30: got %d/%d, not the first images", p.Train.N, p.Test.N)
	}
}

func TestLoadFashionSystem(t *testing.T) {
	if hasFashion(SystemFashionDir) != nil {
		t.Skip("dataset-fashion-mnist not installed")
	}
	if testing.Short() {
		t.Skip("reads 30 MB of gzip; skipped in -short")
	}
	s, err := LoadFashion(SystemFashionDir, FashionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Train.N != 60000 || s.Test.N != 10000 || !strings.Contains(s.Note, SystemFashionDir) {
		t.Fatalf("%d/%d images, note %q", s.Train.N, s.Test.N, s.Note)
	}
	var count [10]int
	for _, l := range s.Train.Labels {
		count[l]++
	}
	if count != [10]int{6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000} {
		t.Errorf("train class counts %v", count)
	}

	// The embedded subset is drawn from these images, with their labels.
	emb, err := LoadFashion("", FashionOptions{Embedded: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]*Split{{&s.Train, &emb.Train}, {&s.Test, &emb.Test}} {
		full := map[uint64]int{}
		for i := range p[0].N {
			full[hash(p[0].Image(i))] = p[0].Labels[i]
		}
		seen := map[uint64]bool{}
		for i := range p[1].N {
			h := hash(p[1].Image(i))
			if l, ok := full[h]; !ok || l != p[1].Labels[i] || seen[h] {
				t.Fatalf("embedded image %d (label %d) is not a distinct image of the full set with that label", i, p[1].Labels[i])
			}
			seen[h] = true
		}
	}
}

func hash(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// TestLoadFashionMemory loads the full set and checks what stays on the heap.
func TestLoadFashionMemory(t *testing.T) {
	if testing.Short() || hasFashion(SystemFashionDir) != nil {
		t.Skip("needs dataset-fashion-mnist; skipped in -short")
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s, err := LoadFashion(SystemFashionDir, FashionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("70,000 images: %.1f MB live, %.1f MB allocated in all", float64(live)/1e6, float64(after.TotalAlloc-before.TotalAlloc)/1e6)
	if live > 150e6 || after.TotalAlloc-before.TotalAlloc > 150e6 {
		t.Errorf("loading took %d bytes live, %d allocated; want under 150 MB", live, after.TotalAlloc-before.TotalAlloc)
	}
	runtime.KeepAlive(s)
}

// writeFashion writes a small fake Fashion-MNIST into dir, gzipped or not.
func writeFashion(t *testing.T, dir string, nTrain, nTest int, zipped bool) {
	for _, f := range []struct {
		name string
		dims []int
	}{
		{trainImages, []int{nTrain, 28, 28}}, {trainLabels, []int{nTrain}},
		{testImages, []int{nTest, 28, 28}}, {testLabels, []int{nTest}},
	} {
		size := 1
		for _, d := range f.dims {
			size *= d
		}
		body := make([]byte, size)
		for i := range body {
			body[i] = byte(i % 10)
		}
		name := f.name
		if zipped {
			name += ".gz"
		}
		if err := os.WriteFile(filepath.Join(dir, name), idxBytes(t, f.dims, body, zipped), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadFashionDir(t *testing.T) {
	for _, zipped := range []bool{false, true} {
		dir := t.TempDir()
		writeFashion(t, dir, 30, 20, zipped)
		s, err := LoadFashion(dir, FashionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Train.N != 30 || s.Test.N != 20 || s.Train.Labels[13] != 3 || s.Note != "Fashion-MNIST from "+dir+": 30 train / 20 test images" {
			t.Errorf("gzip %v: %d/%d, note %q", zipped, s.Train.N, s.Test.N, s.Note)
		}
	}

	// NNLAB_DATA is used when dir is empty.
	dir := t.TempDir()
	writeFashion(t, dir, 10, 10, true)
	t.Setenv(EnvData, dir)
	s, err := LoadFashion("", FashionOptions{})
	if err != nil || !strings.Contains(s.Note, EnvData) {
		t.Errorf("with %s: %v, note %v", EnvData, err, s)
	}
}

func TestLoadFashionErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := LoadFashion(empty, FashionOptions{}); err == nil ||
		!strings.Contains(err.Error(), "fashion data dir "+empty+": no train-images-idx3-ubyte or train-images-idx3-ubyte.gz") {
		t.Errorf("empty dir: %v", err)
	}
	t.Setenv(EnvData, empty)
	if _, err := LoadFashion("", FashionOptions{}); err == nil || !strings.HasPrefix(err.Error(), EnvData+"="+empty+": ") {
		t.Errorf("%s without the files: %v", EnvData, err)
	}
	if _, err := LoadFashion("", FashionOptions{Train: -1}); err == nil {
		t.Error("Train -1 accepted")
	}

	// A label file that disagrees with its images.
	dir := t.TempDir()
	writeFashion(t, dir, 10, 10, false)
	os.WriteFile(filepath.Join(dir, testLabels), idxBytes(t, []int{9}, make([]byte, 9), false), 0o644)
	if _, err := LoadFashion(dir, FashionOptions{}); err == nil ||
		!strings.Contains(err.Error(), "t10k-labels-idx1-ubyte: holds 9 labels but "+filepath.Join(dir, testImages)+" holds 10 images") {
		t.Errorf("label count: %v", err)
	}
	os.WriteFile(filepath.Join(dir, testLabels), idxBytes(t, []int{10}, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}, false), 0o644)
	if _, err := LoadFashion(dir, FashionOptions{}); err == nil || !strings.Contains(err.Error(), "label 10 of item 9 is not allowed; want 0..9") {
		t.Errorf("label 10: %v", err)
	}
	// A truncated gzip file is named.
	dir = t.TempDir()
	writeFashion(t, dir, 10, 10, true)
	path := filepath.Join(dir, trainImages+".gz")
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-20], 0o644)
	if _, err := LoadFashion(dir, FashionOptions{}); err == nil || !strings.HasPrefix(err.Error(), path+": gzip data ends early") {
		t.Errorf("truncated gzip: %v", err)
	}
	// Wrong image size.
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	WriteIDX(zw, []int{10, 2, 2}, make([]byte, 40))
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
	if _, err := LoadFashion(dir, FashionOptions{}); err == nil || !strings.Contains(err.Error(), "holds 10 images of 2×2; want 28×28 images") {
		t.Errorf("2×2 images: %v", err)
	}
}

// TestLoadFashionSpecialFiles: an IDX file that is a FIFO or a symlink to
// /dev/zero is refused at once, not read forever.
func TestLoadFashionSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFashion(t, dir, 10, 10, false)
	os.Remove(filepath.Join(dir, trainImages))
	if err := syscall.Mkfifo(filepath.Join(dir, trainImages), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, testImages))
	if err := os.Symlink("/dev/zero", filepath.Join(dir, testImages)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := LoadFashion(dir, FashionOptions{}); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("special files: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("LoadFashion blocked on a FIFO")
	}
}

func TestResolveFashion(t *testing.T) {
	full, empty := t.TempDir(), t.TempDir()
	writeFashion(t, full, 10, 10, true)
	cases := []struct {
		dir, env, system string
		force            bool
		note, err        string
	}{
		{"", "", empty, false, "embedded subset (no full copy found", ""},
		{"", "", full, false, "Fashion-MNIST from " + full, ""},
		{"", full, empty, false, "(NNLAB_DATA)", ""},
		{"", empty, full, false, "", "NNLAB_DATA=" + empty},
		{empty, full, full, false, "", "fashion data dir " + empty},
		{full, "", "", false, "Fashion-MNIST from " + full, ""},
		{empty, empty, empty, true, "embedded subset", ""},
	}
	for i, c := range cases {
		src, err := resolveFashion(c.dir, c.env, c.system, c.force)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("case %d: err %v; want %q", i, err, c.err)
			}
			continue
		}
		if err != nil || !strings.Contains(src.note, c.note) {
			t.Errorf("case %d: note %q, err %v; want %q", i, src.note, err, c.note)
		}
	}
}

// BenchmarkLoadFashion reads the full Fashion-MNIST set (the four gzipped
// IDX files of Debian's dataset-fashion-mnist), as a run does before its
// first step.
func BenchmarkLoadFashion(b *testing.B) {
	if err := hasFashion(SystemFashionDir); err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		s, err := LoadFashion(SystemFashionDir, FashionOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if s.Train.N != 60000 || s.Test.N != 10000 {
			b.Fatalf("%d/%d images", s.Train.N, s.Test.N)
		}
	}
}
