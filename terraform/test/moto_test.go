package test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// motoServer is one moto_server process serving every AWS service on one loopback port.
type motoServer struct {
	cmd      *exec.Cmd
	done     chan error
	Endpoint string
	LogPath  string
}

// startMoto launches moto_server on a free 127.0.0.1 port and waits until it answers.
// The binary is $MOTO_SERVER, else moto_server on PATH (scripts/integration.sh installs
// it into .work/venv when missing). The port is picked by the kernel and released just
// before moto binds it, so another process could grab it in between: retry a few times.
func startMoto(logDir string) (*motoServer, error) {
	bin := os.Getenv("MOTO_SERVER")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("moto_server"); err != nil {
			return nil, errors.New("moto_server not found: run scripts/integration.sh (installs moto[server] into .work/venv) or set MOTO_SERVER")
		}
	}
	var lastErr error
	for attempt := 1; attempt <= 3; attempt++ {
		port, err := freeLoopbackPort()
		if err != nil {
			return nil, err
		}
		m, err := launchMoto(bin, port, filepath.Join(logDir, fmt.Sprintf("moto-%d.log", port)))
		if err == nil {
			return m, nil
		}
		lastErr = err
	}
	return nil, fmt.Errorf("moto_server did not start: %w", lastErr)
}

func freeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func launchMoto(bin string, port int, logPath string) (*motoServer, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	// -H 127.0.0.1: nothing listens beyond loopback.
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = motoProcAttr()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	m := &motoServer{cmd: cmd, done: make(chan error, 1), Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port), LogPath: logPath}
	go func() { m.done <- cmd.Wait(); logFile.Close() }()

	// moto_server (Python, Werkzeug) needs a second or two; its own API answers once
	// every service does.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case err := <-m.done:
			return nil, fmt.Errorf("moto_server on port %d exited early (%v); log: %s", port, err, logPath)
		case <-ctx.Done():
			m.Stop()
			return nil, fmt.Errorf("moto_server on port %d not ready after 60s; log: %s", port, logPath)
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := client.Get(m.Endpoint + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return m, nil
			}
		}
	}
}

// Stop ends moto_server and everything it started (its own process group), politely first.
func (m *motoServer) Stop() {
	if m == nil || m.cmd.Process == nil {
		return
	}
	pid := m.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-m.done
	}
}
