package nn

import "sync"

// team is the goroutines a network splits its large products and its
// convolutions over: the caller's own and Threads−1 workers, started once
// by New and stopped by Close. A job is cut into parts by a rule that
// depends on the job alone, each part writes values no other part writes,
// and every value is computed by the same instructions in the same order
// whichever part it falls in: so the results are the same bits for any
// number of threads. Nothing is allocated or started per job.
type team[T float] struct {
	size  int // threads: the caller and the workers
	wake  []chan struct{}
	job   job // the job under way
	parts int // its parts
	busy  sync.WaitGroup
	exit  sync.WaitGroup
	mm    mulJob[T] // the product under way, the job gemm hands the team
}

// job is work cut into parts: part(i, n) does part i of n.
type job interface{ part(i, n int) }

// newTeam starts size−1 workers (none for a size of 0 or 1).
func newTeam[T float](size int) *team[T] {
	t := &team[T]{size: max(size, 1)}
	if t.size == 1 {
		return t
	}
	t.wake = make([]chan struct{}, t.size-1)
	t.exit.Add(t.size - 1)
	for i := range t.wake {
		c := make(chan struct{})
		t.wake[i] = c
		go t.work(i+1, c)
	}
	return t
}

func (t *team[T]) work(i int, wake chan struct{}) {
	defer t.exit.Done()
	for range wake {
		t.job.part(i, t.parts)
		t.busy.Done()
	}
}

// threads is how many goroutines share a job (1 for a nil team).
func (t *team[T]) threads() int {
	if t == nil {
		return 1
	}
	return t.size
}

// run does parts 0..parts−1 of j (at most threads() of them): part 0 on
// the caller's goroutine, the others on the workers; it returns when all
// are done.
func (t *team[T]) run(j job, parts int) {
	if parts <= 1 || t == nil || len(t.wake) == 0 {
		j.part(0, 1)
		return
	}
	parts = min(parts, t.size)
	t.job, t.parts = j, parts
	t.busy.Add(parts - 1)
	for _, w := range t.wake[:parts-1] {
		w <- struct{}{}
	}
	j.part(0, parts)
	t.busy.Wait()
	t.job = nil
}

// close stops the workers and waits for them to exit. The team then runs
// every job on the caller's goroutine alone. It is safe to call twice.
func (t *team[T]) close() {
	if t == nil || len(t.wake) == 0 {
		return
	}
	for _, w := range t.wake {
		close(w)
	}
	t.exit.Wait()
	t.wake = nil
}

// share is the part i of n of [0, total) in whole units of unit (the last
// part takes the remainder): [lo, hi).
func share(total, unit, i, n int) (lo, hi int) {
	units := (total + unit - 1) / unit
	lo, hi = unit*(units*i/n), unit*(units*(i+1)/n)
	return min(lo, total), min(hi, total)
}
