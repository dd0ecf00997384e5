package nn

import (
	"errors"
	"unsafe"
)

// State is a copy of every tensor of a network (weights, biases and
// batch_norm's running statistics) in the network's precision: a
// checkpoint to return to, such as the weights of a run's best evaluation.
type State struct {
	v64 []float64
	v32 []float32
}

// SaveState copies the network's tensors into s. It allocates only when s
// is too small (the first time).
func (n *Network) SaveState(s *State) { n.e.saveState(s) }

// LoadState puts back tensors that SaveState took from this network (or
// one of the same layers and precision).
func (n *Network) LoadState(s *State) error { return n.e.loadState(s) }

// stateOf is the part of s in precision T.
func stateOf[T float](s *State) *[]T {
	if is64[T]() {
		return (*[]T)(unsafe.Pointer(&s.v64))
	}
	return (*[]T)(unsafe.Pointer(&s.v32))
}

// stateLen is how many values the network's tensors hold.
func (n *net[T]) stateLen() int {
	k := 0
	for _, l := range n.layers {
		for _, t := range l.tensors() {
			k += len(t.val)
		}
	}
	return k
}

func (n *net[T]) saveState(s *State) {
	dst := stateOf[T](s)
	if k := n.stateLen(); len(*dst) != k {
		*dst = make([]T, k)
	}
	off := 0
	for _, l := range n.layers {
		for _, t := range l.tensors() {
			off += copy((*dst)[off:], t.val)
		}
	}
}

func (n *net[T]) loadState(s *State) error {
	src := *stateOf[T](s)
	if len(src) == 0 || len(src) != n.stateLen() {
		return errors.New("load state: the state was not saved from a network of these layers and precision")
	}
	off := 0
	for _, l := range n.layers {
		for _, t := range l.tensors() {
			off += copy(t.val, src[off:])
		}
	}
	return nil
}

// StateBytes is the memory a State of a network of c holds.
func StateBytes(c Config) (int64, error) {
	shapes, err := check(c)
	if err != nil {
		return 0, err
	}
	if c.Precision == Float32 {
		return stateBytes[float32](c, shapes), nil
	}
	return stateBytes[float64](c, shapes), nil
}

func stateBytes[T float](c Config, shapes []Shape) int64 {
	k := 0
	for _, l := range newNet(c, shapes, &carver[T]{count: true}).layers {
		inf := l.info()
		k += inf.Params
		if inf.Kind == BatchNorm {
			k += 2 * inf.Out.C // running mean and variance
		}
	}
	var x T
	return int64(k) * int64(unsafe.Sizeof(x))
}
