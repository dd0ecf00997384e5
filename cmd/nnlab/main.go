// Command nnlab is a terminal lab for learning how neural networks are
// trained. With no arguments it opens the lab; its subcommands run
// experiments headless, give the quiz as plain text and check lesson files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `nnlab — learn how neural networks are trained, in the terminal

Usage:
  nnlab [--lessons DIR] [--data-dir DIR]     open the lab
  nnlab run [flags]                         train one experiment headless
  nnlab compare --vary FIELD=V1,V2 [flags]  train variants side by side
  nnlab quiz [--lesson ID] [--seed N]       take a quiz as plain text
  nnlab lessons list|check DIR              list lessons, check a lesson folder
  nnlab progress [--reset]                  show or reset your progress

Run 'nnlab COMMAND -h' for a command's flags.
`

// errUsage marks errors that should print usage and exit 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = cmdLab(args, stderr)
	case "run":
		err = cmdRun(args, stdout, stderr)
	case "compare":
		err = cmdCompare(args, stdout, stderr)
	case "quiz":
		err = cmdQuiz(args, stdin, stdout, stderr)
	case "lessons":
		err = cmdLessons(args, stdout, stderr)
	case "progress":
		err = cmdProgress(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = errUsage{fmt.Sprintf("unknown command %q", cmd)}
	}
	var ue errUsage
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "nnlab: %s\n\n%s", ue.msg, usage)
		return 2
	case errors.As(err, new(exitErr)):
		fmt.Fprintf(stderr, "nnlab: %v\n", err)
		return int(err.(exitErr).code)
	}
	fmt.Fprintf(stderr, "nnlab: %v\n", err)
	return 1
}

// exitErr is an error with its own exit code (2 for bad input).
type exitErr struct {
	code int
	err  error
}

func (e exitErr) Error() string { return e.err.Error() }

func badInput(err error) error { return exitErr{2, err} }

// newFlags makes a flag set that reports errors to the caller instead of
// exiting, and prints its usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: nnlab %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a bad flag is a usage error (exit 2).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitErr{2, err}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitErr{2, fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}
