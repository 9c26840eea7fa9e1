package test

import "syscall"

// A process group so Stop reaches moto_server behind wrappers (pyenv shims exec Python);
// Pdeathsig so it dies with the test binary even when go test's timeout panics past
// TestMain's cleanup.
func motoProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
