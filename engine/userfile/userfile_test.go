package userfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.yaml")
	os.WriteFile(ok, []byte("a: 1\n"), 0o644)
	big := filepath.Join(dir, "big.yaml")
	f, _ := os.Create(big)
	f.Truncate(MaxSize + 1) // sparse: no disk is used
	f.Close()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{ok, ""},
		{filepath.Join(dir, "missing"), "no such file or directory"},
		{dir, "it is a directory, want a file"},
		{"/dev/zero", "not a regular file (a device, pipe or socket): apigwlab reads regular files only"},
		// A FIFO nobody writes to would block a plain read forever.
		{fifo, "not a regular file (a device, pipe or socket): apigwlab reads regular files only"},
		{big, "larger than 16 MB: apigwlab reads input files up to that size"},
	}
	for _, tt := range tests {
		data, err := Read(tt.path, MaxSize)
		if tt.want == "" {
			if err != nil || string(data) != "a: 1\n" {
				t.Errorf("%s: %q %v", tt.path, data, err)
			}
			continue
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v, want %q", tt.path, err, tt.want)
		}
	}
}

func TestReadFromStopsAtTheLimit(t *testing.T) {
	// An endless reader (stdin from /dev/zero) is read one byte past the limit, no further.
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if _, err := ReadFrom(f, 1<<20); err == nil || !strings.HasPrefix(err.Error(), "larger than 1 MB") {
		t.Errorf("got %v", err)
	}
	if b, err := ReadFrom(strings.NewReader("abc"), 3); err != nil || string(b) != "abc" {
		t.Errorf("got %q %v", b, err)
	}
}
