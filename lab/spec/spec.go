package spec

// Spec describes one experiment: either a network trained on a data set, or
// (when Function is set) an optimizer walking a 2-D test function.
//
// A Spec is decoded from YAML or JSON (see Decode) and checked by Validate.
// The zero value of every optional field means "the default" documented on
// the field; Defaults fills them in.
type Spec struct {
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Seed drives every random choice of the run: data, initial weights,
	// batch order and dropout masks. Same spec and seed, same run.
	Seed uint64 `yaml:"seed" json:"seed"`
	// Seeds runs each configuration of a comparison this many times, with
	// seeds Seed, Seed+1, ... (1 to 16; 0 means 1), so that a conclusion
	// can be checked against the spread between draws.
	Seeds int `yaml:"seeds,omitempty" json:"seeds,omitempty"`

	Data  DataSpec  `yaml:"data,omitempty" json:"data,omitempty"`
	Model ModelSpec `yaml:"model,omitempty" json:"model,omitempty"`
	// Loss is one of mse, cross_entropy, bce, hinge, half_sse (default
	// cross_entropy for the class data sets and fashion, mse for regression,
	// regression2d and inline data).
	Loss      string        `yaml:"loss,omitempty" json:"loss,omitempty"`
	Optimizer OptimizerSpec `yaml:"optimizer,omitempty" json:"optimizer,omitempty"`
	Schedule  ScheduleSpec  `yaml:"schedule,omitempty" json:"schedule,omitempty"`
	// Batch is the mini-batch size; 0 means the whole training set.
	Batch int `yaml:"batch,omitempty" json:"batch,omitempty"`
	// Steps and Epochs bound the run; when both are 0 the run has 1000 steps.
	// When both are set the run stops at whichever comes first.
	Steps          int                `yaml:"steps,omitempty" json:"steps,omitempty"`
	Epochs         int                `yaml:"epochs,omitempty" json:"epochs,omitempty"`
	Regularization RegularizationSpec `yaml:"regularization,omitempty" json:"regularization,omitempty"`
	// Precision is the floating-point type the network computes in:
	// float64 (the default; every exact check and the lessons' computed
	// answers hold for it) or float32 (about twice as fast, half the
	// memory, results within float32 rounding of float64's).
	Precision string `yaml:"precision,omitempty" json:"precision,omitempty"`
	// EvalEvery is how often (in steps) test loss and accuracy are computed;
	// 0 means a default chosen from the run length.
	EvalEvery int `yaml:"eval_every,omitempty" json:"eval_every,omitempty"`
	// Function, when set, replaces Data and Model: the optimizer minimises a
	// 2-D test function from a starting point and the run records its path.
	Function *FunctionSpec `yaml:"function,omitempty" json:"function,omitempty"`
}

// DataSpec chooses the data set.
type DataSpec struct {
	// Set is one of circle, xor, gauss, spiral, moons, regression,
	// regression2d, fashion, inline.
	Set string `yaml:"set" json:"set"`
	// N is the number of generated samples (train and test together).
	// Default 500 for the 2-D sets. For fashion: 0 means every image.
	N int `yaml:"n,omitempty" json:"n,omitempty"`
	// Noise is the generator's noise level, 0 to 1 (default 0.1).
	Noise *float64 `yaml:"noise,omitempty" json:"noise,omitempty"`
	// Test is the share of samples held out for testing, 0 to 0.9 (default 0.5
	// for generated sets, as in TensorFlow Playground; 0 means no test set).
	// Not allowed for fashion, which has its own test set, nor for inline
	// data, whose test set is TestInputs/TestTargets (none when absent).
	Test *float64 `yaml:"test,omitempty" json:"test,omitempty"`
	// Validation is the share of the training samples held out to choose
	// by (early stopping, restore_best, the settings a learner compares),
	// 0 to 0.5 (default 0: none), for the generated sets and fashion. The
	// test set is then kept for the last measurement. Inline data give
	// ValidationInputs/ValidationTargets instead.
	Validation float64 `yaml:"validation,omitempty" json:"validation,omitempty"`
	// Features lists derived input features added to x and y: x2, y2, xy,
	// sinx, siny. The raw x and y are always kept first. Only for the 2-D
	// sets: circle, xor, gauss, spiral, moons, regression2d.
	Features []string `yaml:"features,omitempty" json:"features,omitempty"`
	// Inputs and Targets hold inline data (set: inline): one row per sample.
	// Targets are either one column of class indices (for cross_entropy and
	// hinge) or one row of target values per sample.
	Inputs      [][]float64 `yaml:"inputs,omitempty" json:"inputs,omitempty"`
	Targets     [][]float64 `yaml:"targets,omitempty" json:"targets,omitempty"`
	TestInputs  [][]float64 `yaml:"test_inputs,omitempty" json:"test_inputs,omitempty"`
	TestTargets [][]float64 `yaml:"test_targets,omitempty" json:"test_targets,omitempty"`
	// ValidationInputs and ValidationTargets are inline data's validation
	// set, laid out as Inputs and Targets.
	ValidationInputs  [][]float64 `yaml:"validation_inputs,omitempty" json:"validation_inputs,omitempty"`
	ValidationTargets [][]float64 `yaml:"validation_targets,omitempty" json:"validation_targets,omitempty"`
	// Dir is where fashion looks for the IDX files; empty means the
	// --data-dir flag, then NNLAB_DATA, then Debian's location, then the
	// embedded subset.
	Dir string `yaml:"dir,omitempty" json:"dir,omitempty"`
}

// ModelSpec describes the network: a sequence of layers, the last of which
// is the output layer, and how its weights start.
type ModelSpec struct {
	// Input, when given, is the shape of one input sample: [n] for n
	// features or [C, H, W] for C channels of H×W; C·H·W must equal the
	// data's values per sample. Left out: fashion images are 1×28×28 to a
	// model whose first layer is not dense and 784 values (row by row) to a
	// dense first layer; other data are vectors of InputWidth values.
	Input  Size        `yaml:"input,omitempty" json:"input,omitempty"`
	Layers []LayerSpec `yaml:"layers" json:"layers"`
	// Init is one of zeros, normal, uniform, xavier, xavier_normalized,
	// xavier_normal, he_uniform, he_normal (default he_normal for relu
	// networks, xavier_normalized otherwise).
	Init string `yaml:"init,omitempty" json:"init,omitempty"`
	// InitStd is the standard deviation for init: normal (default 0.01).
	InitStd float64 `yaml:"init_std,omitempty" json:"init_std,omitempty"`
	// InitLimit is the half-width for init: uniform (default 0.05).
	InitLimit float64 `yaml:"init_limit,omitempty" json:"init_limit,omitempty"`
	// Bias is the constant every bias starts at (default 0).
	Bias float64 `yaml:"bias,omitempty" json:"bias,omitempty"`
	// Weights, when given, replaces Init: one entry per layer (dense
	// layers only).
	Weights []WeightsSpec `yaml:"weights,omitempty" json:"weights,omitempty"`
}

// Size is a list of whole numbers that may also be written as one number:
// kernel: 5 is kernel: [5].
type Size []int

// LayerSpec is one layer. Kind chooses what it computes; each kind reads
// only its own keys (see LayerKeys), and a key given to a kind that does
// not read it is an error.
type LayerSpec struct {
	// Kind is one of dense, conv2d, max_pool2d, avg_pool2d, flatten,
	// batch_norm, dropout (empty means dense).
	Kind string `yaml:"kind,omitempty" json:"kind,omitempty"`
	// Units is a dense layer's width.
	Units int `yaml:"units,omitempty" json:"units,omitempty"`
	// Activation is one of linear, sigmoid, tanh, relu, leaky_relu, softmax
	// (softmax only on the output layer). Empty means tanh on a hidden dense
	// layer; on the output layer softmax for cross_entropy, sigmoid for bce,
	// linear otherwise; linear on conv2d and batch_norm layers (which apply
	// it after their convolution or normalisation).
	Activation string `yaml:"activation,omitempty" json:"activation,omitempty"`
	// Residual adds a dense layer's input to its output: y = x + f(x). The
	// layer's width must equal its input width.
	Residual bool `yaml:"residual,omitempty" json:"residual,omitempty"`
	// Dropout is the share of a hidden dense or conv2d layer's outputs
	// dropped in training, 0 to <1.
	Dropout float64 `yaml:"dropout,omitempty" json:"dropout,omitempty"`
	// Filters is a conv2d layer's number of output channels.
	Filters int `yaml:"filters,omitempty" json:"filters,omitempty"`
	// Kernel is the window of conv2d and pooling layers: [k] for k×k or
	// [kh, kw].
	Kernel Size `yaml:"kernel,omitempty" json:"kernel,omitempty"`
	// Stride is the window's step (default 1 for conv2d, the kernel for
	// pools).
	Stride int `yaml:"stride,omitempty" json:"stride,omitempty"`
	// Padding is the zeros a conv2d layer adds on every side (default 0).
	Padding int `yaml:"padding,omitempty" json:"padding,omitempty"`
	// Bias false leaves a dense or conv2d layer without biases (default
	// true), as is usual before batch_norm.
	Bias *bool `yaml:"bias,omitempty" json:"bias,omitempty"`
	// Rate is a dropout layer's share of values dropped in training
	// (default 0.5, as PyTorch's nn.Dropout).
	Rate *float64 `yaml:"rate,omitempty" json:"rate,omitempty"`
	// Momentum and Eps are batch_norm's (default 0.1 and 1e-5, as PyTorch's).
	Momentum float64 `yaml:"momentum,omitempty" json:"momentum,omitempty"`
	Eps      float64 `yaml:"eps,omitempty" json:"eps,omitempty"`
}

// WeightsSpec holds explicit weights for one layer: W is out×in (as
// PyTorch's nn.Linear stores it), B has out entries.
type WeightsSpec struct {
	W [][]float64 `yaml:"w" json:"w"`
	B []float64   `yaml:"b" json:"b"`
}

// OptimizerSpec chooses the optimizer; fields follow PyTorch's names and
// defaults for each.
type OptimizerSpec struct {
	// Name is one of sgd, rmsprop, adagrad, adam, adamw (default sgd).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// LR is the base learning rate (default: sgd 0.1, rmsprop 0.01,
	// adagrad 0.01, adam and adamw 0.001).
	LR       *float64 `yaml:"lr,omitempty" json:"lr,omitempty"`
	Momentum float64  `yaml:"momentum,omitempty" json:"momentum,omitempty"`
	Nesterov bool     `yaml:"nesterov,omitempty" json:"nesterov,omitempty"`
	// WeightDecay is PyTorch's weight_decay: added as weight_decay·p to
	// every gradient (coupled), or for adamw taken off every parameter as
	// p·lr·weight_decay each step (decoupled). Default 0; adamw 0.01.
	WeightDecay *float64 `yaml:"weight_decay,omitempty" json:"weight_decay,omitempty"`
	// Alpha is RMSprop's smoothing constant (default 0.99).
	Alpha *float64 `yaml:"alpha,omitempty" json:"alpha,omitempty"`
	// Beta1 and Beta2 are Adam's and AdamW's decay rates (default 0.9 and
	// 0.999).
	Beta1 *float64 `yaml:"beta1,omitempty" json:"beta1,omitempty"`
	Beta2 *float64 `yaml:"beta2,omitempty" json:"beta2,omitempty"`
	// Eps is added to denominators (default 1e-8; adagrad 1e-10).
	Eps *float64 `yaml:"eps,omitempty" json:"eps,omitempty"`
	// ClipNorm, when above 0, clips the gradients by their norm over all
	// parameters together before each step, as
	// torch.nn.utils.clip_grad_norm_: when ‖g‖ > clip_norm every gradient
	// is multiplied by clip_norm/(‖g‖ + 1e-6). 0 (the default) is off.
	ClipNorm float64 `yaml:"clip_norm,omitempty" json:"clip_norm,omitempty"`
}

// ScheduleSpec changes the learning rate and momentum over time. t counts
// optimizer steps from 0.
type ScheduleSpec struct {
	// Kind is one of constant, step, exponential, inverse_time, cosine
	// (default constant).
	//   step:         lr·gamma^floor(t/step_size)
	//   exponential:  lr·gamma^t
	//   inverse_time: lr/(1+k·t)
	//   cosine:       lr_min + (lr−lr_min)·(1+cos(π·min(t,t_max)/t_max))/2
	Kind     string  `yaml:"kind,omitempty" json:"kind,omitempty"`
	StepSize int     `yaml:"step_size,omitempty" json:"step_size,omitempty"`
	Gamma    float64 `yaml:"gamma,omitempty" json:"gamma,omitempty"`
	K        float64 `yaml:"k,omitempty" json:"k,omitempty"`
	TMax     int     `yaml:"t_max,omitempty" json:"t_max,omitempty"`
	LRMin    float64 `yaml:"lr_min,omitempty" json:"lr_min,omitempty"`
	// Warmup multiplies the rate of any kind by min(1, (t+1)/warmup): it
	// climbs linearly from lr/warmup at the first step to the full rate at
	// step warmup−1 (0 or 1: no warmup).
	Warmup int `yaml:"warmup,omitempty" json:"warmup,omitempty"`
	// Momentum ramps the momentum (Adam's beta1) linearly from From to To
	// over Steps steps, then holds To.
	Momentum *RampSpec `yaml:"momentum,omitempty" json:"momentum,omitempty"`
}

// RampSpec is a linear ramp.
type RampSpec struct {
	From  float64 `yaml:"from" json:"from"`
	To    float64 `yaml:"to" json:"to"`
	Steps int     `yaml:"steps" json:"steps"`
}

// RegularizationSpec adds penalties on the weights (not the biases) to the
// loss: l2/2·Σw² and l1·Σ|w|. Early stopping ends the run when the watched
// loss (validation when there is a validation set, else test) has not
// improved for EarlyStop evaluations.
type RegularizationSpec struct {
	L1        float64 `yaml:"l1,omitempty" json:"l1,omitempty"`
	L2        float64 `yaml:"l2,omitempty" json:"l2,omitempty"`
	EarlyStop int     `yaml:"early_stop,omitempty" json:"early_stop,omitempty"`
	// RestoreBest ends the run with the weights of the evaluation whose
	// watched loss was lowest (default true with early stopping, else
	// false).
	RestoreBest *bool `yaml:"restore_best,omitempty" json:"restore_best,omitempty"`
}

// FunctionSpec is a 2-D test function for the optimizer to minimise.
type FunctionSpec struct {
	// Name is one of quadratic, rosenbrock, himmelblau, wells.
	Name string `yaml:"name" json:"name"`
	// Condition is the quadratic's condition number κ ≥ 1: f = (x² + κ·y²)/2
	// (default 10).
	Condition float64 `yaml:"condition,omitempty" json:"condition,omitempty"`
	// Start is the starting point (default DefaultStart[Name]).
	Start []float64 `yaml:"start,omitempty" json:"start,omitempty"`
}
