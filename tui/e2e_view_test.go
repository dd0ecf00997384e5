package tui

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pid is the process id of nnlab: the child of the tmux pane's shell.
func (a *e2eApp) pid() int {
	a.t.Helper()
	shell := strings.TrimSpace(a.tmux("display-message", "-p", "-t", a.session, "#{pane_pid}"))
	entries, err := os.ReadDir("/proc")
	if err != nil {
		a.t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after ")".
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 1 && f[1] == shell {
			return pid
		}
	}
	a.t.Fatalf("no child of the pane's shell %s", shell)
	return 0
}

// cpuTicks is the CPU time (user + system, in clock ticks) pid has used.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s
}

// TestE2EIdleCPU measures nnlab's CPU time on a still home screen and on a
// paused lesson: a still screen does not tick, so in 6 s it uses at most 2
// clock ticks (20 ms; bubbletea's renderer still wakes 30 times a second).
func TestE2EIdleCPU(t *testing.T) {
	a := startE2E(t, "idle", 120, 40)
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	pid := a.pid()
	measure := func(what string) {
		time.Sleep(2 * time.Second) // past the grace after the last key
		before := cpuTicks(t, pid)
		time.Sleep(6 * time.Second)
		used := cpuTicks(t, pid) - before
		t.Logf("%s: %d clock ticks of CPU in 6 s", what, used)
		if used > 2 {
			t.Errorf("%s: %d clock ticks of CPU in 6 s, want at most 2 (no tick loop on a still screen)", what, used)
		}
	}
	measure("home screen")
	a.keys("1")
	a.keys("Enter")
	a.waitScreen("the lesson training", 15*time.Second, func(s string) bool { return strings.Contains(s, "running") })
	a.keys("Space")
	a.waitScreen("the run paused", 5*time.Second, func(s string) bool { return strings.Contains(s, "paused") })
	measure("paused lesson")
	a.keys("q")
	a.waitExit(10 * time.Second)
}

// TestE2ETypedAhead types digits faster than the program reads them
// (tmux writes "12" at once, which bubbletea delivers as one key message):
// the home cursor must land on entry 2.
func TestE2ETypedAhead(t *testing.T) {
	a := startE2E(t, "typeahead", 120, 40)
	a.waitScreen("the home screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Playground") })
	a.keys("-l", "12")
	on2 := regexp.MustCompile(`(?m)^ *› *2\. `)
	a.waitScreen("the cursor on entry 2", 5*time.Second, func(s string) bool { return on2.MatchString(s) })
	a.keys("q")
	a.waitExit(10 * time.Second)
}
