package tui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nnlab/nnlab/lab"
	"github.com/nnlab/nnlab/lab/export"
	"github.com/nnlab/nnlab/lab/spec/safetext"
)

// saver is an experiment that can be saved as a spec file and exported
// as charts and CSV.
type saver interface {
	// experimentFile is the experiment on screen as a spec file, and a
	// sentence on what the file reproduces.
	experimentFile() (data []byte, holds string, err error)
	// curves are the runs on screen: a title, the factor a comparison
	// varies ("" for one run) and each run's history.
	curves() (title, factor string, runs []lab.Curves)
}

// What a filePrompt is asking for.
const (
	askNothing = iota
	askSave
	askExport
)

// filePrompt asks where to write (w: the experiment as a spec file; x: the
// charts as PNG or SVG and the history as CSV) on a line under the
// experiment, writes in a tea.Cmd and then shows where it wrote, until the
// next key. It never replaces a file: names carry the date and time, and
// a name that exists is refused.
type filePrompt struct {
	c      *Common
	what   string // names the files: "playground", a lesson's id, …
	asking int
	input  textinput.Model
	src    saver
	hint   string // what the file will hold
	result string // what the last write did
}

func newFilePrompt(c *Common, what string) *filePrompt {
	in := textinput.New()
	in.Prompt = ""
	in.Cursor.SetMode(cursor.CursorStatic) // no blink: the tick loop stays idle
	in.CharLimit = 4096
	return &filePrompt{c: c, what: what, input: in}
}

// filesWrittenMsg reports a write.
type filesWrittenMsg struct {
	text string
	err  error
}

func (f *filePrompt) open() bool { return f.asking != askNothing }

// height is how many lines the prompt (or the last result) takes in
// width.
func (f *filePrompt) height(width int) int {
	if !f.open() && f.result == "" {
		return 0
	}
	return strings.Count(f.view(width), "\n") + 1
}

// esc closes an open prompt (and reports that it did).
func (f *filePrompt) esc() bool {
	if !f.open() {
		return false
	}
	f.asking = askNothing
	return true
}

// ask opens the prompt for the Save or Export key km, for src.
func (f *filePrompt) ask(km tea.KeyMsg, src saver) tea.Cmd {
	f.result = ""
	if src == nil {
		f.result = "nothing to save or export in this view"
		return nil
	}
	stamp := time.Now().Format("20060102-150405")
	name := fmt.Sprintf("nnlab-%s-%s", fileWord(f.what), stamp)
	if key.Matches(km, f.c.Keys.Save) {
		f.asking = askSave
		_, f.hint, _ = src.experimentFile()
		f.input.SetValue(name + ".yaml")
	} else {
		f.asking = askExport
		f.hint = "the charts as .png or .svg (by the name); the history goes as .csv beside it"
		f.input.SetValue(name + ".png")
	}
	f.src = src
	f.input.CursorEnd()
	f.input.Focus() // a static cursor: no blink to start
	return nil
}

// fileWord makes a name safe for a file name: letters, digits and dashes.
func fileWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// update handles msg when it is the prompt's: a key while it is open, or
// the report of a write. Any other key clears the last result.
func (f *filePrompt) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case filesWrittenMsg:
		if msg.err != nil {
			f.result = "Not written: " + msg.err.Error()
		} else {
			f.result = msg.text
		}
		return nil, true
	case tea.KeyMsg:
		if !f.open() {
			f.result = ""
			return nil, false
		}
		switch msg.Type {
		case tea.KeyEnter:
			path := strings.TrimSpace(f.input.Value())
			asking := f.asking
			f.asking = askNothing
			if path == "" {
				return nil, true
			}
			if asking == askSave {
				return writeSpecCmd(f.src, path), true
			}
			return exportCmd(f.src, path), true
		case tea.KeyEsc:
			f.asking = askNothing
			return nil, true
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		return cmd, true
	}
	return nil, false
}

// maxPromptLines bounds the lines a prompt or a result takes.
const maxPromptLines = 3

// view is the prompt's lines (or the last result) in width.
func (f *filePrompt) view(width int) string {
	st := f.c.Styles
	var lines []string
	if !f.open() {
		lines = wrapLines([]string{st.render(st.Good, f.result)}, width)
	} else {
		label := "Save the experiment to: "
		if f.asking == askExport {
			label = "Export to: "
		}
		f.input.Width = max(1, width-lipglossWidth(label)-1)
		lines = append([]string{fit(st.render(st.Section, label)+f.input.View(), width)},
			wrapLines([]string{st.render(st.Muted, "The file holds "+f.hint+". Enter writes, esc cancels.")}, width)...)
	}
	if len(lines) > maxPromptLines {
		lines = lines[:maxPromptLines]
	}
	return strings.Join(lines, "\n")
}

// writeSpecCmd writes the experiment file (never over an existing file).
func writeSpecCmd(src saver, path string) tea.Cmd {
	data, holds, err := src.experimentFile()
	return func() tea.Msg {
		if err != nil {
			return filesWrittenMsg{err: err}
		}
		if err := createFile(path, data); err != nil {
			return filesWrittenMsg{err: err}
		}
		return filesWrittenMsg{text: fmt.Sprintf("Saved %s: %s. Open it with: nnlab open %s", absPath(path), holds, safetext.Clean(path))}
	}
}

// exportCmd writes the charts (PNG or SVG by the name) and, beside them,
// the history as CSV.
func exportCmd(src saver, path string) tea.Cmd {
	title, factor, runs := src.curves()
	return func() tea.Msg {
		format, err := export.FormatOf(path)
		if err != nil {
			return filesWrittenMsg{err: errors.New(safetext.Clean(err.Error()))}
		}
		var img, csv bytes.Buffer
		if err := export.Plot(&img, format, title, factor, runs); err != nil {
			return filesWrittenMsg{err: err}
		}
		if err := export.CSV(&csv, runs); err != nil {
			return filesWrittenMsg{err: err}
		}
		csvPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".csv"
		if _, err := os.Lstat(csvPath); err == nil {
			return filesWrittenMsg{err: fmt.Errorf("%s exists; nothing written (choose another name)", safetext.Clean(csvPath))}
		}
		if err := createFile(path, img.Bytes()); err != nil {
			return filesWrittenMsg{err: err}
		}
		if err := createFile(csvPath, csv.Bytes()); err != nil {
			return filesWrittenMsg{err: err}
		}
		return filesWrittenMsg{text: fmt.Sprintf("Wrote the charts to %s and the history to %s", absPath(path), absPath(csvPath))}
	}
}

// createFile writes data to a new file at path; an existing file is an
// error and stays as it was.
func createFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; it was not replaced (choose another name)", safetext.Clean(path))
	}
	if err != nil {
		return errors.New(safetext.Clean(err.Error()))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return errors.New(safetext.Clean(err.Error()))
	}
	return f.Close()
}

// absPath is path made absolute (as given when that fails), safe to show.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		path = a
	}
	return safetext.Clean(path)
}
