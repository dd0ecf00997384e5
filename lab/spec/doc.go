// Package spec is nnlab's experiment spec: one YAML (or JSON) file that
// says what to train and how — the data set, the network, the loss, the
// optimizer and its schedule, regularization, how long — or, with
// function, which 2-D test function an optimizer walks. docs/spec.md
// documents every key.
//
// A spec goes through three steps, each usable on its own:
//
//	Decode     text -> *Spec: structure only (unknown keys, wrong types,
//	           repeated keys, a second document, size limits)
//	Defaults   fills every field left at its zero value (see Defaults)
//	Validate   every range and every consistency rule, judged on the spec
//	           as Defaults would complete it, without changing it
//
// Load is Decode then Validate, keeping the spec as written (so that Set,
// Get and Encode work on what the author wrote); the runner fills the
// defaults on a Clone. DecodeNode and LoadNode read a spec that is part of a
// larger YAML document, such as a preset in a lesson file. Set and Get
// change and read one field by its path (model.layers[1].units) or a short
// name (lr); Variant and Variants make the specs of a comparison.
//
// Errors list every problem at once, in file order, each as
//
//	file:line: field.path: message
//
// where the message says what was wrong and what is allowed. They are
// *ValidationError values holding *SpecError entries; parts that are not
// known (a command-line value has no file or line) are left out.
//
// The package imports nothing else of nnlab but its YAML reader,
// lab/spec/strictyaml. The names it accepts (activations, losses,
// optimizers, initializers, schedules, data sets, features) are lists of
// its own; a test in package lab checks that they agree with nn and
// lab/data.
package spec
