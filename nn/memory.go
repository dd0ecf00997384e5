package nn

import "unsafe"

// EstimateBytes is the memory that New(c), NewOptimizer(o, its Params())
// and one workspace for each of the given batch sizes allocate between
// them: parameters and their gradients, scratch the size of parameters,
// running statistics, optimizer state and every per-batch buffer (some of
// them one per thread of Config.Threads). It
// allocates nothing of that size itself, so a caller can refuse a run
// before it starts. Small bookkeeping (a few hundred bytes per layer) is
// not counted.
func EstimateBytes(c Config, o OptimizerConfig, batches ...int) (int64, error) {
	shapes, err := check(c)
	if err != nil {
		return 0, err
	}
	if c.Precision == Float32 {
		return estimate[float32](c, shapes, o, batches), nil
	}
	return estimate[float64](c, shapes, o, batches), nil
}

func estimate[T float](c Config, shapes []Shape, o OptimizerConfig, batches []int) int64 {
	pc := &carver[T]{count: true}
	n := newNet(c, shapes, pc)
	total := pc.bytes()
	params := 0
	for _, l := range n.layers {
		params += l.info().Params
	}
	var x T
	total += int64(optimizerSlots(o.Kind)*params) * int64(unsafe.Sizeof(x))
	for _, rows := range batches {
		wc := &carver[T]{count: true}
		n.carveWork(wc, rows)
		total += wc.bytes()
	}
	return total
}
