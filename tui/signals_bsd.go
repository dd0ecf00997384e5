//go:build unix && !linux

package tui

import (
	"os"
	"syscall"
)

// endSignals are the signals that end the process here and that the lab
// catches to restore the terminal before it goes.
var endSignals = []os.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGABRT, syscall.SIGUSR1,
	syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGTERM, syscall.SIGXCPU, syscall.SIGXFSZ,
	syscall.SIGVTALRM,
}
