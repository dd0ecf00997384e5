package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func idxBytes(t testing.TB, dims []int, body []byte, zipped bool) []byte {
	var buf bytes.Buffer
	w := io.Writer(&buf)
	var zw *gzip.Writer
	if zipped {
		zw = gzip.NewWriter(&buf)
		w = zw
	}
	if err := WriteIDX(w, dims, body); err != nil {
		t.Fatal(err)
	}
	if zipped {
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// header builds a raw IDX header.
func header(magic uint32, dims ...uint32) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return b
}

func TestIDXRoundTrip(t *testing.T) {
	pix := make([]byte, 5*3*4)
	for i := range pix {
		pix[i] = byte(i * 7)
	}
	for _, zipped := range []bool{false, true} {
		for _, c := range []struct {
			dims []int
			body []byte
		}{{[]int{5, 3, 4}, pix}, {[]int{5}, []byte{9, 0, 3, 3, 1}}, {[]int{0}, []byte{}}} {
			raw := idxBytes(t, c.dims, c.body, zipped)
			got, err := ReadIDX(bytes.NewReader(raw), "x")
			if err != nil {
				t.Fatalf("gzip %v, dims %v: %v", zipped, c.dims, err)
			}
			if !slices.Equal(got.Dims, c.dims) || !bytes.Equal(got.Data, c.body) {
				t.Errorf("gzip %v: read %v %v, wrote %v %v", zipped, got.Dims, got.Data, c.dims, c.body)
			}
		}
		first, err := ReadIDXFirst(bytes.NewReader(idxBytes(t, []int{5, 3, 4}, pix, zipped)), "x", 2)
		if err != nil || !slices.Equal(first.Dims, []int{2, 3, 4}) || !bytes.Equal(first.Data, pix[:24]) {
			t.Errorf("ReadIDXFirst(2) = %v, %v", first, err)
		}
	}
}

func TestIDXErrors(t *testing.T) {
	labels := idxBytes(t, []int{10}, make([]byte, 10), false)
	pix := make([]byte, 10*784)
	for i := range pix {
		pix[i] = byte(i * i >> 3) // compresses, but not to nothing
	}
	images := idxBytes(t, []int{10, 28, 28}, pix, false)
	zipped := gz(images)
	cases := []struct {
		what string
		file []byte
		want string
	}{
		{"wrong magic", header(0x00000802, 3), "f: magic number 0x00000802 is not an IDX file of bytes; want 0x00000803 (images) or 0x00000801 (labels)"},
		{"empty", nil, "f: file ends inside the IDX header"},
		{"cut header", images[:10], "f: file ends inside the IDX header"},
		{"cut data", images[:16+1234*1], "f: header says 10 images of 28×28 but the file holds 1"},
		{"cut labels", labels[:12], "f: header says 10 labels but the file holds 4"},
		{"trailing data", append(slices.Clone(labels), 7), "f: has data after the 10 labels the header declares"},
		{"zero rows", header(MagicImages, 1, 0, 28), "f: header says dimension 1 is 0"},
		{"gzip cut in data", zipped[:len(zipped)/2], "f: gzip data ends early (file truncated?) after"},
		{"gzip cut in trailer", zipped[:len(zipped)-3], "f: gzip data ends early (file truncated?) after all 10 images"},
		{"gzip cut in header", zipped[:5], "f: starts like gzip but its gzip header is unreadable"},
		{"gzip of a cut header", gz(images[:9]), "f: gzip data ends inside the IDX header"},
		{"huge claim", header(MagicImages, 1<<31, 28, 28), "f: header says 2147483648 images of 28×28, more than the limit of 268435456 bytes"},
		{"huge image", header(MagicImages, 1, 1<<30, 1<<30), "more than the limit"},
		{"huge labels", header(MagicLabels, 1<<31), "f: header says 2147483648 labels, more than the limit"},
	}
	for _, c := range cases {
		_, err := ReadIDX(bytes.NewReader(c.file), "f")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v; want it to contain %q", c.what, err, c.want)
		}
	}
	bad := slices.Clone(zipped)
	bad[len(bad)-6] ^= 0xff // the CRC
	if _, err := ReadIDX(bytes.NewReader(bad), "f"); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("bad gzip checksum: err = %v", err)
	}
}

// TestIDXLyingHeader checks that a header claiming far more data than the
// file holds fails without allocating the claimed size.
func TestIDXLyingHeader(t *testing.T) {
	for _, c := range []struct {
		what string
		file []byte
	}{
		// 2^31 images: beyond the limit, refused from the header alone.
		{"2^31 images", append(header(MagicImages, 1<<31, 28, 28), make([]byte, 784)...)},
		// 300,000 images (235 MB) is under the limit: read in growing chunks.
		{"300000 images", append(header(MagicImages, 300_000, 28, 28), make([]byte, 5*784)...)},
		{"300000 images, gzip", gz(append(header(MagicImages, 300_000, 28, 28), make([]byte, 5*784)...))},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ReadIDX(bytes.NewReader(c.file), "f")
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: no error", c.what)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
			t.Errorf("%s: allocated %d bytes before failing; want under 4 MB", c.what, got)
		}
	}
}

func TestWriteIDXErrors(t *testing.T) {
	var buf bytes.Buffer
	for _, c := range []struct {
		dims []int
		n    int
		want string
	}{
		{[]int{2, 2}, 4, "2 dimensions; want 1 (labels) or 3 (images)"},
		{[]int{2, 2, 2}, 7, "need 8 bytes, data has 7"},
		{[]int{-1}, 0, "dimension 0 is -1"},
	} {
		err := WriteIDX(&buf, c.dims, make([]byte, c.n))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteIDX(%v) = %v; want %q", c.dims, err, c.want)
		}
	}
}

func FuzzReadIDX(f *testing.F) {
	img := idxBytes(f, []int{2, 3, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, false)
	lab := idxBytes(f, []int{3}, []byte{0, 9, 4}, false)
	for _, b := range [][]byte{img, lab, gz(img), gz(lab), img[:15], gz(lab)[:20],
		header(MagicImages, 1<<31, 28, 28), header(MagicLabels, 1000), {0x1f, 0x8b}, {}} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ReadIDX(bytes.NewReader(b), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz: ") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		size := 1
		for _, d := range got.Dims {
			size *= d
		}
		if len(got.Dims) != 1 && len(got.Dims) != 3 || size != len(got.Data) {
			t.Fatalf("dims %v with %d bytes", got.Dims, len(got.Data))
		}
		// What was read writes back and reads again the same.
		again, err := ReadIDX(bytes.NewReader(idxBytes(t, got.Dims, got.Data, true)), "again")
		if err != nil || !slices.Equal(again.Dims, got.Dims) || !bytes.Equal(again.Data, got.Data) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
