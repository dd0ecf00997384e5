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
  nnlab [flags]                              open the lab (needs a terminal)
  nnlab open FILE                            open an experiment file in the lab
  nnlab run [flags]                          train one experiment headless
  nnlab compare --vary FIELD=V1,V2 [flags]   train variants side by side
  nnlab lrfind [--spec FILE] [flags]         find a learning rate: a range test
  nnlab quiz [--lesson ID] [--final N]       take a quiz as plain text
  nnlab lessons list | check DIR             list lessons; check a lesson folder
  nnlab progress [--reset]                   show or forget your progress
  nnlab help [COMMAND]                       this text, or a command's flags

Every command answers -h and --help. Exit status: 0 done, 1 failed, 2 bad
input or usage, 130 interrupted (Ctrl+C), 128+N ended by signal N.
`

// Exit statuses besides 0 and 1.
const (
	exitBadInput    = 2
	exitInterrupted = 130
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = cmdLab(args, stdout, stderr)
	case "open":
		err = cmdOpen(args, stdout, stderr)
	case "run":
		err = cmdRun(args, stdout, stderr)
	case "compare":
		err = cmdCompare(args, stdout, stderr)
	case "lrfind":
		err = cmdLRFind(args, stdout, stderr)
	case "quiz":
		err = cmdQuiz(args, stdin, stdout, stderr)
	case "lessons":
		err = cmdLessons(args, stdout, stderr)
	case "progress":
		err = cmdProgress(args, stdout, stderr)
	case "help":
		return cmdHelp(args, stdin, stdout, stderr)
	default:
		err = errUsage{msg: fmt.Sprintf("unknown command %q", cmd)}
	}
	var ue errUsage
	var ee exitErr
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		if ue.usage == "" {
			ue.usage = usage
		}
		fmt.Fprintf(stderr, "nnlab: %s\n\n%s", ue.msg, ue.usage)
		return exitBadInput
	case errors.As(err, &ee):
		fmt.Fprintf(stderr, "nnlab: %v\n", err)
		return ee.code
	}
	fmt.Fprintf(stderr, "nnlab: %v\n", err)
	return 1
}

// cmdHelp prints the usage, or a command's (as COMMAND --help does).
func cmdHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if args[0] == "help" {
		return run([]string{"help"}, stdin, stdout, stderr)
	}
	return run(append(args, "--help"), stdin, stdout, stderr)
}

// errUsage is a command line nnlab cannot read: the message and the usage
// (the general one when empty) go to stderr, and the exit status is 2.
type errUsage struct{ msg, usage string }

func (e errUsage) Error() string { return e.msg }

// exitErr is an error with its own exit status (2 for bad input).
type exitErr struct {
	code int
	err  error
}

func (e exitErr) Error() string { return e.err.Error() }

func (e exitErr) Unwrap() error { return e.err }

func badInput(err error) error { return exitErr{exitBadInput, err} }
