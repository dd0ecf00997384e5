// Package safefile reads files that nnlab did not write (specs, lesson
// packs, quizzes, data sets, the progress file) without letting their kind
// or size hang the program or exhaust its memory: only regular files are
// opened (a FIFO, a device such as /dev/zero, a folder or a socket is
// refused at once, also behind a symlink, without blocking), and ReadFile
// stops at a cap that its error states.
package safefile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Open opens name in fsys, or in the OS file system when fsys is nil, if it
// is a regular file. A FIFO never blocks it: on the OS file system the file
// is opened non-blocking and checked after opening; in fsys it is checked
// before opening.
func Open(fsys fs.FS, name string) (fs.File, error) {
	var f fs.File
	var err error
	if fsys == nil {
		f, err = os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	} else {
		var fi fs.FileInfo
		if fi, err = fs.Stat(fsys, name); err == nil {
			if err = kind(fi, name); err == nil {
				f, err = fsys.Open(name)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if err := regular(f, name); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads name as Open opens it, refusing a file of more than max
// bytes with an error that states the limit. It never reads more than
// max+1 bytes, whatever the file claims its size is.
func ReadFile(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := Open(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > max {
		return nil, tooBig(name, fi.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, tooBig(name, int64(len(b)), max)
	}
	return b, nil
}

func tooBig(name string, size, max int64) error {
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("the file has %s, over the limit of %s", sizeText(size), sizeText(max))}
}

// sizeText writes a size as "4 MiB (4194304 bytes)".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB (%d bytes)", n>>20, n)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/(1<<20), n)
	}
	return fmt.Sprintf("%d bytes", n)
}

func regular(f fs.File, name string) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return kind(fi, name)
}

// kind refuses anything but a regular file, naming what it is.
func kind(fi fs.FileInfo, name string) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%s, not a regular file; only regular files are read", what)}
}
