// Package userfile reads the files a user names (workspaces, OpenAPI files, scenarios,
// bodies, templates) in one way: regular files only, at most a size cap, with the same
// reasons everywhere. A device (/dev/zero), a FIFO or a directory named by mistake is
// reported instead of hanging or filling memory.
package userfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxSize is the cap on a workspace, OpenAPI file, scenario or template: far past any real
// one, small enough that a mistake cannot exhaust memory.
const MaxSize = 16 << 20

// Read reads the regular file at path, at most limit bytes. Its errors give the reason only
// (callers name the file): "no such file or directory", "it is a directory, want a file",
// "not a regular file …", "larger than N MB …".
func Read(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, unwrap(err)
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	// Checked again on what was opened: the path may have changed in between.
	if fi, err = f.Stat(); err != nil {
		return nil, unwrap(err)
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	return ReadFrom(f, limit)
}

// ReadFrom reads r (stdin, say) to its end, at most limit bytes.
func ReadFrom(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if int64(len(data)) > limit {
		return nil, TooLarge(limit)
	}
	return data, nil
}

// TooLarge is the reason given for input over limit bytes.
func TooLarge(limit int64) error {
	return fmt.Errorf("larger than %s: apigwlab reads input files up to that size", human(limit))
}

func regular(fi os.FileInfo) error {
	switch {
	case fi.IsDir():
		return errors.New("it is a directory, want a file")
	case !fi.Mode().IsRegular():
		return errors.New("not a regular file (a device, pipe or socket): apigwlab reads regular files only")
	}
	return nil
}

func human(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
