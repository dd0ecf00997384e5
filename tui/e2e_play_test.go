package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPlaygroundSaveOpenEndToEnd drives the binary in tmux at 120×40: it
// builds a network of three hidden layers with the x² and y² inputs in
// the playground, trains it on the circle to the end, shows the test data
// and the class regions, opens the neuron view, saves the experiment with
// w, quits, opens the file with nnlab open, trains it to the end again and
// sees the same loss at the same step.
func TestPlaygroundSaveOpenEndToEnd(t *testing.T) {
	a, bin := newE2E(t, "play", "")
	a.start(120, 40, fmt.Sprintf("cd %q && NNLAB_STATE_DIR=%q %q 2>%q; echo $? > %q; sleep 30", a.dir, a.dir, bin, a.errFile, a.exitFile))
	has := func(words ...string) func(string) bool {
		return func(s string) bool {
			for _, w := range words {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		}
	}
	a.waitScreen("the home screen", 15*time.Second, has("Playground"))
	onPlayground := regexp.MustCompile(`(?m)^ *› *Playground`)
	for i := 0; !onPlayground.MatchString(a.capture()); i++ {
		if i == 40 {
			t.Fatalf("could not reach the playground:\n%s", a.capture())
		}
		a.keys("Down")
		time.Sleep(60 * time.Millisecond)
	}
	a.keys("Enter")
	a.waitScreen("the knobs", 15*time.Second, has("Knobs", "input x²", "layers"))
	// select walks the knob cursor to a knob by its name.
	selected := func(name string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^› .?` + regexp.QuoteMeta(name) + ` `)
	}
	sel := func(name string) {
		t.Helper()
		re := selected(name)
		for i := 0; !re.MatchString(a.capture()); i++ {
			if i == 40 {
				t.Fatalf("no knob %q:\n%s", name, a.capture())
			}
			a.keys("Down")
			time.Sleep(60 * time.Millisecond)
		}
	}
	sel("input x²")
	a.keys("Right")
	sel("input y²")
	a.keys("Right")
	sel("layers")
	a.keys("Right")
	sel("steps")
	a.keys("Left", "Left", "Left") // 10000 → 1000 steps
	time.Sleep(200 * time.Millisecond)
	a.keys("Enter", ">") // restart; then as fast as it goes
	a.waitScreen("the new network", 15*time.Second, has("restarted from step 0", "L3 tanh 8", "L4 smax 2"))
	statusRe := regexp.MustCompile(`last batch loss (\S+)[\s\S]*?loss/acc at step (\d+): train (\S+), test (\S+)`)
	done := func(s string) bool { return strings.Contains(s, "■ done") && statusRe.MatchString(s) }
	screen := a.waitScreen("the run's end", 60*time.Second, done)
	first := statusRe.FindStringSubmatch(screen)
	if first[2] != "1000" {
		t.Errorf("the run ended at step %s, want 1000", first[2])
	}

	a.keys("T", "d")
	a.waitScreen("test points and class regions", 5*time.Second, has("O X test", "regions: p(1)<0.5"))
	a.keys("v")
	a.waitScreen("the neuron view", 5*time.Second, has("[neurons]", "L1 tanh", "L2 tanh", "L3 tanh", "#8"))

	a.keys("w")
	a.waitScreen("the save prompt", 5*time.Second, has("Save the experiment to: nnlab-playground-"))
	a.keys("Enter")
	screen = a.waitScreen("the file written", 5*time.Second, has("Saved "))
	files, _ := filepath.Glob(filepath.Join(a.dir, "nnlab-playground-*.yaml"))
	if len(files) != 1 {
		t.Fatalf("saved files %v:\n%s", files, screen)
	}
	a.keys("q")
	a.waitExit(10 * time.Second)

	// Open it again.
	b, _ := newE2E(t, "reopen", bin)
	b.start(120, 40, fmt.Sprintf("cd %q && NNLAB_STATE_DIR=%q %q open %q 2>%q; echo $? > %q; sleep 30", a.dir, a.dir, bin, files[0], b.errFile, b.exitFile))
	b.waitScreen("the opened playground", 15*time.Second, has("Opened ", "input x²"))
	b.keys(">")
	screen = b.waitScreen("the reopened run's end", 60*time.Second, done)
	again := statusRe.FindStringSubmatch(screen)
	if strings.Join(again[1:], " ") != strings.Join(first[1:], " ") {
		t.Errorf("reopened: last batch loss %s, at step %s train %s test %s; saved run: %s, %s, %s, %s",
			again[1], again[2], again[3], again[4], first[1], first[2], first[3], first[4])
	}
	for _, want := range []string{"L3 tanh 8", "input x²      on", "input y²      on"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the reopened playground lacks %q:\n%s", want, screen)
		}
	}
	b.keys("q")
	b.waitExit(10 * time.Second)
	if data, err := os.ReadFile(files[0]); err != nil || !strings.Contains(string(data), "features: [x2, y2]") {
		t.Errorf("the saved file: %v\n%s", err, data)
	}
}
