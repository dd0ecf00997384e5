package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/export"
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

// plotFlag registers --plot.
func plotFlag(fs interface {
	String(name, value, usage string) *string
}) *string {
	return fs.String("plot", "", "draw the loss and accuracy curves into this image file: .png or .svg")
}

// plotOutput is the --plot file, when asked for.
type plotOutput struct {
	out    *output
	format string
}

// openPlot checks the --plot file's name and opens it (nil: no plot).
func openPlot(path string) (*plotOutput, error) {
	if path == "" {
		return nil, nil
	}
	format, err := export.FormatOf(path)
	if err != nil {
		return nil, badInput(fmt.Errorf("--plot: %v", err))
	}
	out, err := openOutput("--plot", path)
	if err != nil {
		return nil, err
	}
	return &plotOutput{out: out, format: format}, nil
}

// write draws the runs into the file (nothing without a --plot file).
func (p *plotOutput) write(title, factor string, runs []lab.Curves) error {
	if p == nil {
		return nil
	}
	var b bytes.Buffer
	if err := export.Plot(&b, p.format, title, factor, runs); err != nil {
		return fmt.Errorf("--plot: %w", err)
	}
	if err := p.out.write(b.Bytes()); err != nil {
		return fmt.Errorf("--plot: %w", err)
	}
	return nil
}

func (p *plotOutput) abandon() {
	if p != nil {
		p.out.abandon()
	}
}
