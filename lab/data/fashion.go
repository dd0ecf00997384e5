package data

import (
	"cmp"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nnlab/nnlab/lab/spec/safefile"
)

// FashionClassNames are the ten Fashion-MNIST classes, by label.
var FashionClassNames = []string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// SystemFashionDir is where Debian's dataset-fashion-mnist package installs
// the IDX files.
const SystemFashionDir = "/usr/share/datasets/fashion-mnist"

// EnvData names the environment variable that points at a directory holding
// the Fashion-MNIST IDX files.
const EnvData = "NNLAB_DATA"

// The four files, by their Fashion-MNIST names; each may end in .gz.
const (
	trainImages = "train-images-idx3-ubyte"
	trainLabels = "train-labels-idx1-ubyte"
	testImages  = "t10k-images-idx3-ubyte"
	testLabels  = "t10k-labels-idx1-ubyte"
)

// embedded holds the stratified subset written by tools/mkfashion.
//
//go:embed fashion
var embedded embed.FS

// FashionOptions configure LoadFashion.
type FashionOptions struct {
	// Train and Test keep only the first Train training and Test test images;
	// 0 means all of them. The embedded subset is written in blocks of ten
	// holding one image of each class, so its prefixes of a multiple of ten
	// are exactly balanced; the full set's prefixes are nearly balanced.
	Train, Test int
	// Embedded uses the embedded subset whatever dir and NNLAB_DATA say.
	Embedded bool
}

// LoadFashion loads Fashion-MNIST from dir. When dir is empty it tries, in
// order: the directory named by NNLAB_DATA, Debian's SystemFashionDir, and
// the subset embedded in the program. Set.Note says which one was used. A dir
// (or NNLAB_DATA) that lacks the files is an error, not a reason to fall
// back. A directory holds the set when it has train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte,
// each optionally gzipped (.gz).
//
// Images are kept as bytes (Split.Pix, 784 per image); the full 70,000
// images take about 55 MB.
func LoadFashion(dir string, o FashionOptions) (*Set, error) {
	if o.Train < 0 || o.Test < 0 {
		return nil, fmt.Errorf("fashion: train %d and test %d images are not allowed; want 0 (all) or more", o.Train, o.Test)
	}
	src, err := resolveFashion(dir, os.Getenv(EnvData), SystemFashionDir, o.Embedded)
	if err != nil {
		return nil, err
	}
	s, err := loadFashionFS(src.fsys, src.label, o)
	if err != nil {
		return nil, err
	}
	s.Note = fmt.Sprintf("%s: %d train / %d test images", src.note, s.Train.N, s.Test.N)
	return s, nil
}

type fashionSource struct {
	fsys  fs.FS
	label string // prefix of file names in errors
	note  string
}

// resolveFashion picks where the files come from: dir, then env, then
// system, then the embedded subset.
func resolveFashion(dir, env, system string, forceEmbedded bool) (fashionSource, error) {
	emb := fashionSource{mustSub(embedded, "fashion"), "embedded fashion", "embedded subset"}
	switch {
	case forceEmbedded:
		return emb, nil
	case dir != "":
		if err := hasFashion(dir); err != nil {
			return fashionSource{}, err
		}
		return fashionSource{os.DirFS(dir), dir, "Fashion-MNIST from " + dir}, nil
	case env != "":
		if err := hasFashion(env); err != nil {
			return fashionSource{}, fmt.Errorf("%s=%s: %w", EnvData, env, err)
		}
		return fashionSource{os.DirFS(env), env, "Fashion-MNIST from " + env + " (" + EnvData + ")"}, nil
	case hasFashion(system) == nil:
		return fashionSource{os.DirFS(system), system, "Fashion-MNIST from " + system}, nil
	}
	emb.note = "embedded subset (no full copy found; set " + EnvData + " or install dataset-fashion-mnist)"
	return emb, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // a constant, valid path
	}
	return sub
}

// hasFashion checks that dir holds the four files.
func hasFashion(dir string) error {
	for _, name := range []string{trainImages, trainLabels, testImages, testLabels} {
		if _, err := findFile(os.DirFS(dir), name); err != nil {
			return fmt.Errorf("fashion data dir %s: no %s or %s.gz; want the four Fashion-MNIST files %s, %s, %s and %s, each optionally .gz",
				dir, name, name, trainImages, trainLabels, testImages, testLabels)
		}
	}
	return nil
}

// findFile returns name.gz or name, whichever fsys holds (.gz first).
func findFile(fsys fs.FS, name string) (string, error) {
	for _, n := range []string{name + ".gz", name} {
		if fi, err := fs.Stat(fsys, n); err == nil && !fi.IsDir() {
			return n, nil
		}
	}
	return "", fs.ErrNotExist
}

func loadFashionFS(fsys fs.FS, label string, o FashionOptions) (*Set, error) {
	s := &Set{
		Name:       "fashion",
		Inputs:     28 * 28,
		Raw:        28 * 28,
		Classes:    10,
		ClassNames: append([]string(nil), FashionClassNames...),
		ImageW:     28,
		ImageH:     28,
	}
	// The two splits decompress side by side (gzip is read serially, so
	// one file cannot be split over cores).
	var testErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Test, testErr = loadFashionSplit(fsys, label, testImages, testLabels, o.Test)
	}()
	var trainErr error
	s.Train, trainErr = loadFashionSplit(fsys, label, trainImages, trainLabels, o.Train)
	<-done
	if err := cmp.Or(trainErr, testErr); err != nil {
		return nil, err
	}
	return s, nil
}

func loadFashionSplit(fsys fs.FS, label, imgName, labName string, limit int) (Split, error) {
	img, imgPath, err := readIDXFS(fsys, label, imgName, limit)
	if err != nil {
		return Split{}, err
	}
	lab, labPath, err := readIDXFS(fsys, label, labName, limit)
	if err != nil {
		return Split{}, err
	}
	if len(img.Dims) != 3 || img.Dims[1] != 28 || img.Dims[2] != 28 {
		return Split{}, fmt.Errorf("%s: holds %s; want 28×28 images", imgPath, describe(img.Dims))
	}
	if len(lab.Dims) != 1 {
		return Split{}, fmt.Errorf("%s: holds %s; want labels (an idx1 file)", labPath, describe(lab.Dims))
	}
	if img.Dims[0] != lab.Dims[0] {
		return Split{}, fmt.Errorf("%s: holds %d labels but %s holds %d images; want one label per image",
			labPath, lab.Dims[0], imgPath, img.Dims[0])
	}
	sp := Split{N: img.Dims[0], D: 28 * 28, Pix: img.Data, Labels: make([]int, lab.Dims[0])}
	for i, b := range lab.Data {
		if b > 9 {
			return Split{}, fmt.Errorf("%s: label %d of item %d is not allowed; want 0..9", labPath, b, i)
		}
		sp.Labels[i] = int(b)
	}
	return sp, nil
}

// readIDXFS reads name(.gz) from fsys, at most limit items, and returns it
// with the path used in messages.
func readIDXFS(fsys fs.FS, label, name string, limit int) (*IDX, string, error) {
	file, err := findFile(fsys, name)
	path := filepath.Join(label, name)
	if err != nil {
		return nil, path, fmt.Errorf("%s(.gz): not found", path)
	}
	path = filepath.Join(label, file)
	f, err := safefile.Open(fsys, file)
	if err != nil {
		return nil, path, err
	}
	defer f.Close()
	idx, err := readIDX(f, path, limit, sizeHint(f, file))
	return idx, path, err
}

// sizeHint says how many bytes f holds once decompressed, or 0 when unknown:
// the file size, or for gzip the size its trailer records (modulo 2^32).
// It is only a hint for allocating at once; reading still checks.
func sizeHint(f fs.File, name string) int64 {
	fi, err := f.Stat()
	if err != nil {
		return 0
	}
	size := fi.Size()
	if filepath.Ext(name) != ".gz" {
		return size
	}
	ra, ok := f.(io.ReaderAt)
	if !ok || size < 18 {
		return 0
	}
	var tail [4]byte
	if _, err := ra.ReadAt(tail[:], size-4); err != nil && !errors.Is(err, io.EOF) {
		return 0
	}
	return int64(binary.LittleEndian.Uint32(tail[:]))
}
