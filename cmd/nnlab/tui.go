package main

import (
	"github.com/nnlab/nnlab/lessons"
	"github.com/nnlab/nnlab/tui"
)

func startTUI(cat *lessons.Catalog, st *lessons.Store, dataDir string, seed uint64) error {
	return tui.Run(tui.Options{Catalog: cat, Store: st, DataDir: dataDir, Seed: seed, AltScreen: true, Evaluator: evaluate})
}
