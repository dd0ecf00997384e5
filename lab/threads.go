package lab

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"github.com/nnlab/nnlab/nn"
)

// EnvThreads names the environment variable that sets how many threads
// training uses in all (nnlab's --threads flag wins over it).
const EnvThreads = "NNLAB_THREADS"

// ThreadsFromEnv is the count NNLAB_THREADS sets: 0 when it is unset or
// empty, an error when it is not a whole number from 1 to nn.MaxThreads.
func ThreadsFromEnv() (int, error) {
	v := os.Getenv(EnvThreads)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > nn.MaxThreads {
		return 0, fmt.Errorf("%s=%q: want a whole number from 1 to %d", EnvThreads, v, nn.MaxThreads)
	}
	return n, nil
}

// DefaultThreads is how many threads training uses in all unless told
// otherwise: NNLAB_THREADS when it holds a valid count (the nnlab command
// refuses an invalid one before it starts), else the number of CPUs.
func DefaultThreads() int {
	if n, err := ThreadsFromEnv(); err == nil && n > 0 {
		return n
	}
	return runtime.NumCPU()
}

// ThreadsPerRun shares total threads (0: DefaultThreads) among runs that
// train at the same time: total/runs each, at least one. A comparison of
// seven runs on two cores trains each run on one thread (two of them run
// at a time), rather than starting fourteen workers that fight for two
// cores; a run alone gets them all.
func ThreadsPerRun(total, runs int) int {
	if total <= 0 {
		total = DefaultThreads()
	}
	return max(1, total/max(runs, 1))
}
