package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// output is a file a command writes when its work is done, opened before
// the work starts so that a path that cannot be written fails at once.
// Nothing in the file changes until write.
type output struct {
	f       *os.File
	created bool // the file did not exist before
}

// openOutput opens path for writing; the error, for flagName, is bad input.
func openOutput(flagName, path string) (*output, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, badInput(fmt.Errorf("%s: %w", flagName, err))
	}
	return &output{f: f, created: errors.Is(statErr, fs.ErrNotExist)}, nil
}

// write replaces the file's content with data and closes it.
func (o *output) write(data []byte) error {
	f := o.f
	o.f = nil
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if err := f.Truncate(0); err != nil {
			f.Close()
			return err
		}
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// abandon closes an output that was never written, and removes the file
// when it was made for it. It does nothing after write.
func (o *output) abandon() {
	if o == nil || o.f == nil {
		return
	}
	o.f.Close()
	if o.created {
		os.Remove(o.f.Name())
	}
	o.f = nil
}
