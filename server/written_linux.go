//go:build linux

package server

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// beingWritten reports whether some process has path open for writing: Linux refuses a read
// lease (F_SETLEASE F_RDLCK) on such a file with EAGAIN. An editor or script that writes in
// place and pauses keeps the file open, so its half-written file is not deployed. Any
// other failure (a file not ours, a filesystem without leases) says nothing: false.
func beingWritten(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if _, err := unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_RDLCK); err != nil {
		return errors.Is(err, unix.EAGAIN)
	}
	unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_UNLCK)
	return false
}
