package tui

import (
	"context"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/spec"
	"github.com/nnlab/nnlab/lessons"
)

// BenchmarkTrainRate measures how many training steps a second a lesson's
// experiment gets inside the running app, against the same spec trained
// headless in the same round. Each iteration is one round of three
// measurements of the same length (rateWarm of warm-up, then the window),
// in an order that rotates from round to round:
//
//   - headless: lab.NewTrainer + Step in a loop, one goroutine per run (all
//     runs of a comparison at once, as the app's runs are), nothing else;
//   - lab: the same specs through lab.Start with the options the lesson
//     panel uses (snapshots every 50 ms with a 40×40 decision boundary for
//     one run, every 100 ms for a comparison), drained 30 times a second by
//     a goroutine that does nothing else: the cost of the snapshots alone;
//   - tui: the real root model (newModel, as tui.New) in a tea.Program with
//     the standard renderer writing to a counting io.Discard, no input, a
//     120×40 window and the colour profile of a 256-colour terminal; the
//     lesson is opened with key messages (its number, enter) and its runs
//     are drained and drawn by the app's own ~30 fps tick.
//
// Runs that finish would stop counting, so the presets are run with the
// longest run allowed (spec.MaxSteps) and the evaluation interval their
// own length gives them (a hundredth of it), as in the lesson.
//
// For lab and tui the steps are read from the runs' snapshots (Step and
// Elapsed, both stamped by the run's goroutine) at the start and end of the
// window; the tui reading goes through a message to the program (rateProbe),
// answered on the program's goroutine, so nothing races with Update.
//
// Reported per case, as the median over b.N rounds (bench/tui_rate.sh runs
// -benchtime 1x, one round per invocation, and takes the median over
// rounds): headless-steps/s, lab-steps/s, tui-steps/s (summed over the
// runs of a comparison), tui/headless and tui/lab (each round's TUI rate
// over the same round's peer: the machine is shared, and a ratio taken
// within a round sees the same load on both sides), views/s (View calls,
// the frames the app draws) and writes/s (frames the renderer wrote out).
//
// NNLAB_RATE_WINDOW (a duration, default 3s) sets the window;
// NNLAB_RATE_ROUND (a number) the rotation of the first round.
func BenchmarkTrainRate(b *testing.B) {
	cat, err := lessons.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	window := 3 * time.Second
	if v := os.Getenv("NNLAB_RATE_WINDOW"); v != "" {
		if window, err = time.ParseDuration(v); err != nil {
			b.Fatalf("NNLAB_RATE_WINDOW: %v", err)
		}
	}
	if v := os.Getenv("NNLAB_RATE_ROUND"); v != "" {
		// One round per process (bench/tui_rate.sh): rotate by its number.
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("NNLAB_RATE_ROUND: %v", err)
		}
		rateRound.Store(int64(n))
	}
	for _, c := range []struct{ name, lesson string }{
		{"learning-loop", "learning"}, // lesson 1, first preset: one run
		{"init-seven", "init"},        // lesson 6, first preset: seven runs at once
	} {
		rc, name := newRateCase(b, cat, c.lesson), c.name
		b.Run(c.name, func(b *testing.B) {
			var head, labr, tui, views, writes, vsHead, vsLab []float64
			for i := 0; i < b.N; i++ {
				var r [3]rateResult
				order := [3]int{0, 1, 2}
				rot := int(rateRound.Add(1)) % 3
				for k := range order {
					order[k] = (k + rot) % 3
				}
				for _, which := range order {
					// Label the goroutines of each measurement (they inherit
					// it) so a -cpuprofile can be split by mode:
					// go tool pprof -tagfocus mode=tui ...
					mode := [3]string{"headless", "lab", "tui"}[which]
					pprof.Do(context.Background(), pprof.Labels("mode", mode, "case", name), func(context.Context) {
						switch which {
						case 0:
							r[0] = rc.headless(b, window)
						case 1:
							r[1] = rc.labOnly(b, window)
						case 2:
							r[2] = rc.inTUI(b, window)
						}
					})
				}
				head = append(head, r[0].rate)
				labr = append(labr, r[1].rate)
				tui = append(tui, r[2].rate)
				vsHead = append(vsHead, r[2].rate/r[0].rate)
				vsLab = append(vsLab, r[2].rate/r[1].rate)
				views = append(views, r[2].views)
				writes = append(writes, r[2].writes)
			}
			b.ReportMetric(rateMedian(head), "headless-steps/s")
			b.ReportMetric(rateMedian(labr), "lab-steps/s")
			b.ReportMetric(rateMedian(tui), "tui-steps/s")
			b.ReportMetric(rateMedian(vsHead), "tui/headless")
			b.ReportMetric(rateMedian(vsLab), "tui/lab")
			b.ReportMetric(rateMedian(views), "views/s")
			b.ReportMetric(rateMedian(writes), "writes/s")
		})
	}
}

// rateRound rotates the order of the three measurements between rounds.
var rateRound atomic.Int64

// rateWarm is the time every measurement runs before its window opens.
const rateWarm = 500 * time.Millisecond

// rateCase is one lesson whose first preset is measured.
type rateCase struct {
	cat   *lessons.Catalog // the embedded lessons, the measured preset lengthened
	key   rune             // the home screen's key for the lesson
	specs []*spec.Spec     // the runs of the preset, as the app starts them
	opt   lab.Options      // the options the lesson's panel starts them with
}

func newRateCase(b *testing.B, cat *lessons.Catalog, id string) *rateCase {
	rc := &rateCase{cat: cat}
	idx := -1
	for i, l := range cat.Lessons {
		if l.ID == id {
			idx = i
		}
	}
	if idx < 0 || idx > 8 {
		b.Fatalf("lesson %q is not one of the first nine", id)
	}
	rc.key = rune('1' + idx)
	p := &cat.Lessons[idx].Presets[0]
	d := p.Spec.Clone()
	d.Defaults()
	long := p.Spec.Clone()
	long.Steps = spec.MaxSteps
	long.EvalEvery = max(1, d.Steps/100)
	p.Spec = long // the app reads the preset from the catalog
	if p.Vary != nil {
		specs, err := spec.Variants(long, p.Vary.Field, p.Vary.Values)
		if err != nil {
			b.Fatal(err)
		}
		rc.specs = specs
		// As comparePanel.start.
		rc.opt = lab.Options{Interval: 100 * time.Millisecond, KeepAlive: true}
	} else {
		rc.specs = []*spec.Spec{long}
		// As newRunPanel.
		rc.opt = lab.Options{Interval: 50 * time.Millisecond, GridW: 40, GridH: 40, KeepAlive: true}
	}
	return rc
}

type rateResult struct {
	rate          float64 // steps a second, summed over the runs
	views, writes float64 // a second, tui only
}

// headless trains the specs in plain loops, one goroutine each.
func (rc *rateCase) headless(b *testing.B, window time.Duration) rateResult {
	trs := make([]*lab.Trainer, len(rc.specs))
	for i, s := range rc.specs {
		tr, err := lab.NewTrainer(s, nil, "")
		if err != nil {
			b.Fatal(err)
		}
		trs[i] = tr
	}
	type counter struct {
		n atomic.Int64
		_ [56]byte // one cache line each
	}
	counts := make([]counter, len(trs))
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i, tr := range trs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if tr.Finished() {
					time.Sleep(time.Millisecond)
					continue
				}
				tr.Step()
				counts[i].n.Add(1)
			}
		}()
	}
	sum := func() int64 {
		var s int64
		for i := range counts {
			s += counts[i].n.Load()
		}
		return s
	}
	time.Sleep(rateWarm)
	n0, t0 := sum(), time.Now()
	time.Sleep(window)
	n1, t1 := sum(), time.Now()
	stop.Store(true)
	wg.Wait()
	return rateResult{rate: float64(n1-n0) / t1.Sub(t0).Seconds()}
}

// rateReading is what a run's latest snapshot says.
type rateReading struct {
	have    bool
	step    int
	elapsed time.Duration
}

func rateReadingOf(s lab.Snapshot, have bool) rateReading {
	return rateReading{have: have, step: s.Step, elapsed: s.Elapsed}
}

// rateOf sums the runs' rates between two readings: each run's steps over
// its own elapsed time (a run that took no step adds nothing).
func rateOf(r0, r1 []rateReading) float64 {
	total := 0.0
	for i := range r0 {
		if dt := (r1[i].elapsed - r0[i].elapsed).Seconds(); dt > 0 {
			total += float64(r1[i].step-r0[i].step) / dt
		}
	}
	return total
}

func rateAllHave(r []rateReading) bool {
	for _, x := range r {
		if !x.have {
			return false
		}
	}
	return len(r) > 0
}

// labOnly runs the specs through lab.Start with the panel's options and
// drains their snapshots ~30 times a second, drawing nothing.
func (rc *rateCase) labOnly(b *testing.B, window time.Duration) rateResult {
	ctx, cancel := context.WithCancel(context.Background())
	runs := make([]*lab.Run, len(rc.specs))
	for i, s := range rc.specs {
		r, err := lab.Start(ctx, s, rc.opt)
		if err != nil {
			cancel()
			b.Fatal(err)
		}
		runs[i] = r
	}
	var mu sync.Mutex
	latest := make([]rateReading, len(runs))
	quit := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		t := time.NewTicker(frame)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			for i, r := range runs {
				select {
				case s, ok := <-r.Snapshots():
					if ok {
						mu.Lock()
						latest[i] = rateReadingOf(s, true)
						mu.Unlock()
					}
				default:
				}
			}
		}
	}()
	read := func() []rateReading {
		mu.Lock()
		defer mu.Unlock()
		return append([]rateReading(nil), latest...)
	}
	rateWaitFor(b, func() bool { return rateAllHave(read()) })
	time.Sleep(rateWarm)
	r0 := read()
	time.Sleep(window)
	r1 := read()
	close(quit)
	<-drained
	cancel()
	for _, r := range runs {
		<-r.Done()
	}
	return rateResult{rate: rateOf(r0, r1)}
}

// rateProbe asks the program's goroutine for the readings of the runs on
// screen.
type rateProbe struct{ reply chan []rateReading }

// rateModel wraps the root model to count View calls and answer probes.
type rateModel struct {
	m     *Model
	views atomic.Int64
}

func (w *rateModel) Init() tea.Cmd { return w.m.Init() }

func (w *rateModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(rateProbe); ok {
		var out []rateReading
		// The lesson's experiment made the last run group.
		if gs := w.m.c.groups; len(gs) > 0 {
			g := gs[len(gs)-1]
			for i := range g.runs {
				out = append(out, rateReadingOf(g.snaps[i], g.have[i]))
			}
		}
		p.reply <- out
		return w, nil
	}
	_, cmd := w.m.Update(msg)
	return w, cmd
}

func (w *rateModel) View() string {
	w.views.Add(1)
	return w.m.View()
}

// rateWriter discards what the renderer writes, counting the writes.
type rateWriter struct{ n atomic.Int64 }

func (c *rateWriter) Write(p []byte) (int, error) {
	c.n.Add(1)
	return len(p), nil
}

// inTUI runs the app, opens the lesson with keys and reads its runs.
func (rc *rateCase) inTUI(b *testing.B, window time.Duration) rateResult {
	// A learner's terminal has colours: render with them (TestMain sets
	// the ASCII profile for the golden files; put it back afterwards).
	prof, dark := lipgloss.ColorProfile(), lipgloss.HasDarkBackground()
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer func() {
		lipgloss.SetColorProfile(prof)
		lipgloss.SetHasDarkBackground(dark)
	}()
	lipgloss.SetHasDarkBackground(true)

	m := newModel(Options{Catalog: rc.cat})
	m.c.Speed = 0 // as fast as it goes (">" from the automatic pace): throughput is what is measured
	w := &rateModel{m: m}
	out := &rateWriter{}
	p := tea.NewProgram(w, tea.WithInput(nil), tea.WithOutput(out), tea.WithAltScreen(),
		tea.WithMouseCellMotion(), tea.WithoutSignalHandler())
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rc.key}})
	p.Send(tea.KeyMsg{Type: tea.KeyEnter})
	probe := func() []rateReading {
		reply := make(chan []rateReading, 1)
		p.Send(rateProbe{reply})
		select {
		case r := <-reply:
			return r
		case <-time.After(10 * time.Second):
			b.Fatal("the program did not answer a probe in 10 s")
			return nil
		}
	}
	rateWaitFor(b, func() bool {
		r := probe()
		return len(r) == len(rc.specs) && rateAllHave(r)
	})
	time.Sleep(rateWarm)
	r0 := probe()
	v0, o0, t0 := w.views.Load(), out.n.Load(), time.Now()
	time.Sleep(window)
	r1 := probe()
	v1, o1, t1 := w.views.Load(), out.n.Load(), time.Now()
	p.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	select {
	case err := <-done:
		if err != nil {
			b.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		b.Fatal("the program did not quit in 10 s")
	}
	m.closeAll()
	m.waitRuns(10 * time.Second)
	sec := t1.Sub(t0).Seconds()
	return rateResult{rate: rateOf(r0, r1), views: float64(v1-v0) / sec, writes: float64(o1-o0) / sec}
}

// waitFor polls ok every 20 ms for up to 30 s.
func rateWaitFor(b *testing.B, ok func() bool) {
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			b.Fatal("timed out waiting for the runs' first snapshots")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func rateMedian(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// BenchmarkLessonViewColor is BenchmarkLessonView with the colour profile
// of a 256-colour terminal and of a true-colour one instead of the golden
// files' ASCII: what a frame costs on a learner's screen.
func BenchmarkLessonViewColor(b *testing.B) {
	for _, c := range []struct {
		name string
		p    termenv.Profile
	}{{"ansi256", termenv.ANSI256}, {"truecolor", termenv.TrueColor}} {
		b.Run(c.name, func(b *testing.B) {
			prof, dark := lipgloss.ColorProfile(), lipgloss.HasDarkBackground()
			lipgloss.SetColorProfile(c.p)
			lipgloss.SetHasDarkBackground(true)
			defer func() {
				lipgloss.SetColorProfile(prof)
				lipgloss.SetHasDarkBackground(dark)
			}()
			BenchmarkLessonView(b)
		})
	}
}
