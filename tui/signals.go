package tui

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// SignalError is a signal that ended the lab (what Run returns then), or
// any command.
type SignalError struct{ Signal os.Signal }

func (e *SignalError) Error() string { return "ended by signal " + e.Signal.String() }

// Status is the exit status after the signal: 128 + its number (130 for
// Ctrl+C).
func (e *SignalError) Status() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + 2
}

// restoreGrace is how long a caught signal waits for the program to restore
// the terminal itself before it is restored by force.
const restoreGrace = 2 * time.Second

// terminalReset leaves the alternate screen, turns every mouse mode and
// bracketed paste off and shows the cursor.
const terminalReset = ansi.ResetModeMouseNormal + ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent +
	ansi.ResetModeMouseExtSgr + ansi.ResetModeBracketedPaste + ansi.ResetModeAltScreenSaveCursor + ansi.SetModeTextCursorEnable

// catchSignals makes every signal in endSignals end p the way a quit does,
// restoring the terminal (bubbletea v1 itself catches only SIGINT and
// SIGTERM, so SIGHUP or SIGQUIT would leave the alternate screen, the mouse
// and a hidden cursor behind). Should the program not end within
// restoreGrace, or a second signal come, the terminal is restored here and
// the process exits with 128 + the signal's number. SIGTSTP suspends the
// lab: the terminal is handed back until the process continues. done returns the
// signal caught (nil if none) once p.Run has returned.
func catchSignals(p *tea.Program, out io.Writer) (done func() os.Signal) {
	tty := -1
	var saved *term.State
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = int(f.Fd())
		saved, _ = term.GetState(tty) // nil: nothing to restore
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, endSignals...)
	if suspendSignal != nil {
		signal.Notify(sigs, suspendSignal)
	}
	caught := make(chan os.Signal, 1)
	ended := make(chan struct{})
	go func() {
		var sig os.Signal
		for sig == nil {
			select {
			case s := <-sigs:
				if s == suspendSignal {
					suspend(p, ended)
					continue
				}
				sig = s
			case <-ended:
				return
			}
		}
		caught <- sig
		p.Kill()
		select {
		case <-ended:
			return
		case <-sigs:
		case <-time.After(restoreGrace):
		}
		io.WriteString(out, terminalReset)
		if saved != nil {
			term.Restore(tty, saved)
		}
		e := &SignalError{Signal: sig}
		fmt.Fprintf(os.Stderr, "nnlab: %v\n", e)
		os.Exit(e.Status())
	}()
	return func() os.Signal {
		close(ended)
		signal.Stop(sigs)
		select {
		case sig := <-caught:
			return sig
		default:
			return nil
		}
	}
}
