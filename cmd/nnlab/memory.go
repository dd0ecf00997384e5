package main

import (
	"fmt"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// memoryFlag registers --max-memory and returns what reads it: the budget
// in bytes, by default half of the machine's memory.
func memoryFlag(fs *flagSet) *int64 {
	v := fs.String("max-memory", "", "refuse runs estimated to need more memory than this, e.g. 4G or 512M (default: half of the machine's memory)")
	budget := new(int64)
	fs.checks = append(fs.checks, func() error {
		if *v == "" {
			*budget = lab.DefaultMaxMemory()
			return nil
		}
		n, err := lab.ParseBytes(*v)
		if err != nil {
			return badInput(fmt.Errorf("--max-memory %s: %v", *v, err))
		}
		*budget = n
		return nil
	})
	return budget
}

// memoryCheck refuses a preset's runs above the budget.
func memoryCheck(budget int64) lessons.RunCheck {
	return func(runs []*spec.Spec) error {
		return lab.CheckMemory(runs, lab.Options{MaxMemory: budget})
	}
}
