package main

import (
	"io"
)

func cmdLab(args []string, stderr io.Writer) error {
	fs := newFlags("nnlab", "[--lessons DIR] [--data-dir DIR] [--seed N]", stderr)
	dir := fs.String("lessons", "", "folder of extra lessons (DIR/content/*.md, DIR/quiz/*.yaml)")
	dataDir := fs.String("data-dir", "", "folder with the Fashion-MNIST IDX files")
	seed := fs.Uint64("seed", 0, "seed offset for every experiment (0: the lessons' own seeds)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cat, err := catalog(*dir)
	if err != nil {
		return err
	}
	st, err := openStore(stderr)
	if err != nil {
		return err
	}
	return startTUI(cat, st, *dataDir, *seed)
}
