//go:build unix

package scenarios

import (
	"errors"
	"syscall"
)

// processAlive says whether a process with this id runs on this host.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
