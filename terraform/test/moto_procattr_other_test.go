//go:build !linux

package test

import "syscall"

// Without Pdeathsig (Linux only) a test binary killed by go test's timeout can leave
// moto_server behind; TestMain's Stop covers every ordinary exit.
func motoProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
