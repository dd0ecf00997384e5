//go:build unix

package tui

import (
	"os"
	"os/signal"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
)

// suspendSignal asks the process to stop (kill -TSTP; in raw mode Ctrl+Z is
// a key, not this signal).
var suspendSignal os.Signal = syscall.SIGTSTP

// suspend hands the terminal back, stops the process group (as a shell's
// job control would) and takes the terminal again when it continues. It
// sends SIGSTOP rather than letting bubbletea re-raise SIGTSTP: once a Go
// program has caught SIGTSTP, the runtime drops it instead of stopping. It
// returns when the process has continued, or at once if ended is closed.
func suspend(p *tea.Program, ended <-chan struct{}) {
	select {
	case <-ended:
		return
	default:
	}
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	defer signal.Stop(cont)
	if err := p.ReleaseTerminal(); err != nil {
		return
	}
	syscall.Kill(0, syscall.SIGSTOP)
	select {
	case <-cont:
	case <-ended:
		return
	}
	p.RestoreTerminal()
	p.Send(tea.ResumeMsg{}) // the root model turns the mouse on again
}
