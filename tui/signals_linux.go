package tui

import (
	"os"
	"syscall"
)

// endSignals are the signals that would end the process (every one whose
// default action on Linux is to terminate, that a program may catch; not
// SIGPIPE, which Go handles itself, nor SIGPROF, the profiler's), so that
// the lab restores the terminal before it goes.
var endSignals = []os.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGILL, syscall.SIGTRAP,
	syscall.SIGABRT, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGSEGV, syscall.SIGUSR1,
	syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGTERM, syscall.SIGSTKFLT, syscall.SIGXCPU,
	syscall.SIGXFSZ, syscall.SIGVTALRM, syscall.SIGIO, syscall.SIGPWR, syscall.SIGSYS,
}
