package tui

import (
	"os"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
)

// endSignals are the signals that end the process here and that the lab
// catches to restore the terminal before it goes.
var endSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// suspendSignal: Windows has no job-control stop.
var suspendSignal os.Signal

func suspend(*tea.Program, <-chan struct{}) {}
