// Command mkfashion builds the Fashion-MNIST subset embedded in lab/data from
// a full copy of the IDX files (Debian's dataset-fashion-mnist by default).
//
// Run it from the repository root:
//
//	go run ./tools/mkfashion
//
// It picks the same number of images from each class with a seeded
// generator, orders them in blocks of ten holding one image of each class,
// and writes gzipped IDX files into lab/data/fashion/. Same flags, same bytes.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/nnlab/nnlab/lab/data"
)

func main() {
	src := flag.String("src", data.SystemFashionDir, "directory holding the full Fashion-MNIST IDX files (.gz)")
	out := flag.String("out", filepath.Join("lab", "data", "fashion"), "directory to write the subset into")
	train := flag.Int("train", 5600, "training images to keep, a multiple of 10")
	test := flag.Int("test", 1000, "test images to keep, a multiple of 10")
	seed := flag.Uint64("seed", 1, "seed of the choice")
	limit := flag.Int("max", 3_000_000, "most bytes the four files may take together")
	flag.Parse()
	if err := run(*src, *out, *train, *test, *seed, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "mkfashion:", err)
		os.Exit(1)
	}
}

func run(src, out string, train, test int, seed uint64, limit int) error {
	rng := rand.New(rand.NewPCG(seed, 0xfa5))
	files := map[string][]byte{}
	for _, part := range []struct {
		images, labels string
		n              int
	}{
		{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", train},
		{"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", test},
	} {
		if part.n <= 0 || part.n%10 != 0 {
			return fmt.Errorf("-train and -test: %d is not allowed; want a positive multiple of 10", part.n)
		}
		img, err := readIDX(filepath.Join(src, part.images+".gz"))
		if err != nil {
			return err
		}
		lab, err := readIDX(filepath.Join(src, part.labels+".gz"))
		if err != nil {
			return err
		}
		pick, err := stratify(lab.Data, part.n/10, rng)
		if err != nil {
			return fmt.Errorf("%s: %v", part.labels, err)
		}
		item := img.Dims[1] * img.Dims[2]
		pix := make([]byte, 0, len(pick)*item)
		labels := make([]byte, 0, len(pick))
		for _, i := range pick {
			pix = append(pix, img.Data[i*item:(i+1)*item]...)
			labels = append(labels, lab.Data[i])
		}
		if files[part.images+".gz"], err = gzipIDX([]int{len(pick), img.Dims[1], img.Dims[2]}, pix); err != nil {
			return err
		}
		if files[part.labels+".gz"], err = gzipIDX([]int{len(pick)}, labels); err != nil {
			return err
		}
	}
	total := 0
	for _, b := range files {
		total += len(b)
	}
	if total > limit {
		return fmt.Errorf("the subset takes %d bytes, more than -max %d; choose fewer images", total, limit)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		b := files[name]
		path := filepath.Join(out, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d bytes\n", path, len(b))
	}
	fmt.Printf("%d train + %d test images, %d bytes in all\n", train, test, total)
	return nil
}

func readIDX(path string) (*data.IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return data.ReadIDX(f, path)
}

// stratify picks per images of each of the ten classes at random and returns
// their indices in blocks of ten, one of each class in random order.
func stratify(labels []byte, per int, rng *rand.Rand) ([]int, error) {
	byClass := make([][]int, 10)
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("label %d of item %d; want 0..9", l, i)
		}
		byClass[l] = append(byClass[l], i)
	}
	for c, idx := range byClass {
		if len(idx) < per {
			return nil, fmt.Errorf("class %d has %d images; want at least %d", c, len(idx), per)
		}
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	}
	pick := make([]int, 0, 10*per)
	for b := range per {
		for _, c := range rng.Perm(10) {
			pick = append(pick, byClass[c][b])
		}
	}
	return pick, nil
}

func gzipIDX(dims []int, body []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if err := data.WriteIDX(zw, dims, body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
