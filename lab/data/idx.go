package data

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	// klauspost/compress inflates with about a quarter less CPU than the
	// standard library's compress/gzip on Fashion-MNIST's 26 MB of gzipped
	// images (BenchmarkLoadFashion), the bulk of loading the set.
	"github.com/klauspost/compress/gzip"
)

// IDX is the content of one IDX file of unsigned bytes: images (idx3) or
// labels (idx1), as used by MNIST and Fashion-MNIST.
type IDX struct {
	// Dims[0] is the number of items; images have Dims = [n, rows, cols],
	// labels have Dims = [n].
	Dims []int
	// Data holds the items one after another; len(Data) is the product of Dims.
	Data []byte
}

// Magic numbers of the two IDX kinds that ReadIDX accepts.
const (
	MagicImages = 0x00000803 // unsigned bytes, 3 dimensions
	MagicLabels = 0x00000801 // unsigned bytes, 1 dimension
)

// MaxIDXBytes bounds what a header may claim; a larger claim is an error
// before anything is allocated. The full Fashion-MNIST training images are
// 47,040,000 bytes.
const MaxIDXBytes = 1 << 28

// readChunk is the first allocation when the file's size is unknown; the
// buffer then doubles, so a header that lies costs at most twice the data
// actually present.
const readChunk = 1 << 20

// ReadIDX reads an IDX file of unsigned bytes (magic 0x00000803 for images
// or 0x00000801 for labels), gzipped or not: gzip is detected by its magic
// bytes 0x1f 0x8b. name is only used in error messages, which start with it.
func ReadIDX(r io.Reader, name string) (*IDX, error) {
	return readIDX(r, name, 0, 0)
}

// ReadIDXFirst is ReadIDX keeping only the first n items (all when n <= 0).
// It stops reading after them, so nothing after them is checked.
func ReadIDXFirst(r io.Reader, name string, n int) (*IDX, error) {
	return readIDX(r, name, n, 0)
}

// readIDX reads at most limit items (all when limit <= 0). sizeHint, when
// positive, is how many bytes the file says it decompresses to (header
// included); when it covers the claim, the buffer is allocated at once.
func readIDX(r io.Reader, name string, limit int, sizeHint int64) (*IDX, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	zipped := err == nil && head[0] == 0x1f && head[1] == 0x8b
	var src io.Reader = br
	if zipped {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: starts like gzip but its gzip header is unreadable: %v", name, err)
		}
		defer zr.Close()
		src = zr
	}

	var word [4]byte
	if _, err := io.ReadFull(src, word[:]); err != nil {
		return nil, headerErr(name, zipped, err)
	}
	magic := binary.BigEndian.Uint32(word[:])
	var nd int
	switch magic {
	case MagicImages:
		nd = 3
	case MagicLabels:
		nd = 1
	default:
		return nil, fmt.Errorf("%s: magic number 0x%08x is not an IDX file of bytes; want 0x%08x (images) or 0x%08x (labels)",
			name, magic, MagicImages, MagicLabels)
	}
	dims := make([]int, nd)
	for i := range dims {
		if _, err := io.ReadFull(src, word[:]); err != nil {
			return nil, headerErr(name, zipped, err)
		}
		dims[i] = int(binary.BigEndian.Uint32(word[:]))
		if i > 0 && dims[i] == 0 {
			return nil, fmt.Errorf("%s: header says dimension %d is 0; want at least 1", name, i)
		}
	}
	// Bytes claimed, checked step by step so that nothing overflows.
	item, total := 1, dims[0]
	for _, d := range dims[1:] {
		if item > MaxIDXBytes/d {
			total = MaxIDXBytes + 1
			break
		}
		item *= d
		if total > MaxIDXBytes/d {
			total = MaxIDXBytes + 1
		} else {
			total *= d
		}
	}
	if total > MaxIDXBytes {
		return nil, fmt.Errorf("%s: header says %s, more than the limit of %d bytes", name, describe(dims), MaxIDXBytes)
	}
	n := dims[0]
	if limit > 0 && limit < n {
		n = limit
	}
	want := n * item

	buf, err := readBody(src, want, sizeHint >= int64(4+4*nd+want))
	if err != nil {
		if zipped && errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, gzipCut(name, len(buf)/item, dims)
		}
		return nil, fmt.Errorf("%s: reading data: %v", name, err)
	}
	if len(buf) < want {
		return nil, fmt.Errorf("%s: header says %s but the file holds %d", name, describe(dims), len(buf)/item)
	}
	if n == dims[0] {
		// Read on to the end: this finds trailing data, and for gzip it
		// verifies the checksum and that the stream is complete.
		var one [1]byte
		k, err := io.ReadFull(src, one[:])
		switch {
		case k > 0:
			return nil, fmt.Errorf("%s: has data after the %s the header declares", name, describe(dims))
		case zipped && errors.Is(err, io.ErrUnexpectedEOF):
			return nil, gzipCut(name, n, dims)
		case err != io.EOF:
			return nil, fmt.Errorf("%s: after the data: %v", name, err)
		}
	}
	dims[0] = n
	return &IDX{Dims: dims, Data: buf}, nil
}

// readBody reads want bytes. Unless trusted, it allocates in growing steps
// so that a header claiming more than the file holds cannot make it allocate
// the claimed size. A short read returns what was read and a nil error.
func readBody(r io.Reader, want int, trusted bool) ([]byte, error) {
	first := want
	if !trusted {
		first = min(want, readChunk)
	}
	buf := make([]byte, 0, first)
	for len(buf) < want {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*cap(buf), want))
			copy(grown, buf)
			buf = grown
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

func gzipCut(name string, got int, dims []int) error {
	if got == dims[0] {
		return fmt.Errorf("%s: gzip data ends early (file truncated?) after all %s, before the gzip trailer", name, describe(dims))
	}
	return fmt.Errorf("%s: gzip data ends early (file truncated?) after %d of the %s the header declares", name, got, describe(dims))
}

func headerErr(name string, zipped bool, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if zipped {
			return fmt.Errorf("%s: gzip data ends inside the IDX header (file truncated?)", name)
		}
		return fmt.Errorf("%s: file ends inside the IDX header (truncated or not an IDX file)", name)
	}
	return fmt.Errorf("%s: reading the IDX header: %v", name, err)
}

// describe says what dims hold: "10000 images of 28×28" or "10000 labels".
func describe(dims []int) string {
	if len(dims) == 1 {
		return fmt.Sprintf("%d labels", dims[0])
	}
	s := make([]string, len(dims)-1)
	for i, d := range dims[1:] {
		s[i] = fmt.Sprint(d)
	}
	return fmt.Sprintf("%d images of %s", dims[0], strings.Join(s, "×"))
}

// WriteIDX writes dims and data as an uncompressed IDX file: images when
// dims has three entries, labels when it has one. Wrap w in a gzip.Writer
// for a .gz file.
func WriteIDX(w io.Writer, dims []int, data []byte) error {
	var magic uint32
	switch len(dims) {
	case 1:
		magic = MagicLabels
	case 3:
		magic = MagicImages
	default:
		return fmt.Errorf("WriteIDX: %d dimensions; want 1 (labels) or 3 (images)", len(dims))
	}
	size := 1
	head := binary.BigEndian.AppendUint32(nil, magic)
	for i, d := range dims {
		if d < 0 || d > MaxIDXBytes {
			return fmt.Errorf("WriteIDX: dimension %d is %d; want 0..%d", i, d, MaxIDXBytes)
		}
		size *= d
		if size > MaxIDXBytes {
			return fmt.Errorf("WriteIDX: %s is more than %d bytes", describe(dims), MaxIDXBytes)
		}
		head = binary.BigEndian.AppendUint32(head, uint32(d))
	}
	if size != len(data) {
		return fmt.Errorf("WriteIDX: %s need %d bytes, data has %d", describe(dims), size, len(data))
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}
