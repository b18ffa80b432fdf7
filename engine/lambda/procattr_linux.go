package lambda

import "syscall"

// procAttr puts a function process in its own group (Close kills the group) and has the
// kernel kill it if apigwlab dies without Close.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
