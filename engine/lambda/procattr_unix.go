//go:build unix && !linux

package lambda

import "syscall"

// procAttr puts a function process in its own group, which Close kills.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
