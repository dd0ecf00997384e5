package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/nnlab/nnlab/tui"
)

// interruptible returns a context that the first Ctrl+C (SIGINT) or SIGTERM
// cancels, so that a run stops within its step and reports; a second one
// ends the process at once. stop ends the watching. interrupted turns the
// context's end into the command's error.
func interruptible(stderr io.Writer) (ctx context.Context, stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan struct{})
	go watchInterrupts(sigs, done, cancel, func(sig os.Signal) {
		fmt.Fprintln(stderr, "\nnnlab: interrupted again: stopping at once")
		os.Exit((&tui.SignalError{Signal: sig}).Status())
	})
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// watchInterrupts cancels on the first signal and calls exit on the second,
// until done is closed.
func watchInterrupts(sigs <-chan os.Signal, done <-chan struct{}, cancel context.CancelCauseFunc, exit func(os.Signal)) {
	select {
	case sig := <-sigs:
		cancel(&tui.SignalError{Signal: sig})
	case <-done:
		return
	}
	select {
	case sig := <-sigs:
		exit(sig)
	case <-done:
	}
}

// interrupted is the error of a command whose context a signal cancelled
// (nil when none did): "interrupted", exit status 130 for Ctrl+C.
func interrupted(ctx context.Context) error {
	var se *tui.SignalError
	if !errors.As(context.Cause(ctx), &se) {
		return nil
	}
	return exitErr{se.Status(), errors.New("interrupted")}
}
