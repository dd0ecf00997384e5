package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// flagSet is a command's flags. -h and --help print its usage on stdout
// (exit 0); a flag it cannot read is a usage error (exit 2).
type flagSet struct {
	*flag.FlagSet
	synopsis string // "run [--spec FILE] [flags]"
	// head, when set, replaces the "Usage: nnlab synopsis" line; tail
	// follows the flags (subcommands, arguments).
	head, tail string
	// maxArgs is how many arguments may follow the flags.
	maxArgs int
	stdout  io.Writer
	// checks read flag values once parsed (--max-memory's size); the
	// first error is parse's.
	checks []func() error
}

func newFlags(name, synopsis string, stdout io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), synopsis: synopsis, stdout: stdout}
	fs.SetOutput(io.Discard) // errors are reported once, by run
	fs.Usage = func() {}
	return fs
}

// usage is the command's help text.
func (fs *flagSet) usage() string {
	var b strings.Builder
	if fs.head != "" {
		b.WriteString(fs.head)
	} else {
		fmt.Fprintf(&b, "Usage: nnlab %s\n", fs.synopsis)
	}
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nFlags:\n")
			first = false
		}
		kind, help := flag.UnquoteUsage(f)
		fmt.Fprintf(&b, "  --%s %s\n      %s", f.Name, kind, help)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	if fs.tail != "" {
		b.WriteString("\n" + fs.tail)
	}
	return b.String()
}

// parse reads args: the help on -h or --help (flag.ErrHelp), a usage error
// for a flag it cannot read or an argument too many, else the first error
// of its checks.
func (fs *flagSet) parse(args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(fs.stdout, fs.usage())
			return err
		}
		return errUsage{msg: fmt.Sprintf("%s: %v", fs.Name(), err), usage: fs.usage()}
	}
	if fs.NArg() > fs.maxArgs {
		return errUsage{msg: fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(fs.maxArgs)), usage: fs.usage()}
	}
	for _, check := range fs.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}
