// gojail runs one snippet program in fresh namespaces, as a user without capabilities, under
// a seccomp filter and resource limits, on a root file system built from nothing.
//
//	gojail -bin DIR -scratch DIR [limits] -- PROGRAM ARGS...
//
// Three stages of this one binary (docs/sandbox.md): the host side starts "init" in new
// user, mount, PID, network, IPC, UTS and cgroup namespaces; init (PID 1) builds the root,
// pivots into it and starts "exec", which drops every privilege and becomes the program.
// Stdin, stdout and stderr pass through untouched; the outcome (exit code, signal, CPU time,
// or why the sandbox could not be built) is one JSON line on file descriptor 3.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

const (
	innerID    = 1000  // the snippet's uid and gid inside the namespace
	rootHostID = 65534 // when the caller is root, the host id the snippet runs as
	setupError = 125
)

// statusFD carries the outcome; the host side may be given any descriptor, the inner
// stages always get it as 3.
var statusFD = 3

// Status is what init reports on the status descriptor.
type Status struct {
	Code   int     `json:"code"`
	Signal int     `json:"signal,omitempty"`
	CPU    float64 `json:"cpu"`
	MaxRSS int64   `json:"maxrss_kb"`
	Error  string  `json:"error,omitempty"`
}

type options struct {
	bin, scratch                   string
	mem, nproc, fsize, cpu, nofile uint64
	tmpfs                          uint64
	parent                         int
	argv                           []string
}

func parse(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("gojail", flag.ContinueOnError)
	fs.IntVar(&statusFD, "status", statusFD, "descriptor for the outcome line")
	fs.StringVar(&o.bin, "bin", "", "folder of the program, mounted read-only at the same path")
	fs.StringVar(&o.scratch, "scratch", "", "working directory: a fresh tmpfs, also at /tmp")
	fs.Uint64Var(&o.mem, "mem", 512<<20, "RLIMIT_DATA in bytes")
	fs.Uint64Var(&o.nproc, "nproc", 128, "RLIMIT_NPROC: tasks (threads included)")
	fs.Uint64Var(&o.fsize, "fsize", 4<<20, "RLIMIT_FSIZE in bytes")
	fs.Uint64Var(&o.cpu, "cpu", 60, "RLIMIT_CPU in seconds")
	fs.Uint64Var(&o.nofile, "nofile", 256, "RLIMIT_NOFILE")
	fs.Uint64Var(&o.tmpfs, "tmpfs", 64<<20, "size of the scratch tmpfs in bytes")
	fs.IntVar(&o.parent, "parent", 0, "pid of the caller: the sandbox dies with it")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.argv = fs.Args()
	if o.bin == "" || o.scratch == "" || len(o.argv) == 0 {
		return nil, fmt.Errorf("usage: gojail -bin DIR -scratch DIR [limits] -- PROGRAM ARGS...")
	}
	if !filepath.IsAbs(o.bin) || !filepath.IsAbs(o.scratch) || !filepath.IsAbs(o.argv[0]) {
		return nil, fmt.Errorf("-bin, -scratch and the program need absolute paths")
	}
	return o, nil
}

func (o *options) flags() []string {
	return []string{
		"-status=3", "-bin", o.bin, "-scratch", o.scratch,
		"-mem", fmt.Sprint(o.mem), "-nproc", fmt.Sprint(o.nproc), "-fsize", fmt.Sprint(o.fsize),
		"-cpu", fmt.Sprint(o.cpu), "-nofile", fmt.Sprint(o.nofile), "-tmpfs", fmt.Sprint(o.tmpfs),
		"--",
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-selftest" {
		os.Exit(selftest())
	}
	stage, args := "host", os.Args[1:]
	if len(args) > 0 && (args[0] == "-init" || args[0] == "-exec") {
		stage, args = args[0][1:], args[1:]
	}
	o, err := parse(args)
	if err != nil {
		fail(err)
	}
	switch stage {
	case "host":
		host(o)
	case "init":
		initStage(o)
	case "exec":
		fail(execStage(o)) // returns only on failure
	}
}

// fail reports why the sandbox could not run the program and exits with setupError.
func fail(err error) {
	report(Status{Code: setupError, Error: err.Error()})
	os.Exit(setupError)
}

func report(s Status) {
	line, _ := json.Marshal(s)
	status := os.NewFile(uintptr(statusFD), "status")
	if _, err := status.Write(append(line, '\n')); err != nil {
		fmt.Fprintf(os.Stderr, "gojail: %s\n", line)
	}
}

// host starts init in new namespaces and exits when it does; init reports the outcome.
func host(o *options) {
	if auditArch == 0 {
		fail(fmt.Errorf("no seccomp filter for %s", runtime.GOARCH))
	}
	// Should the caller die (coursecheck killed), so does this process, init by its own
	// Pdeathsig, and with init every process of the run.
	runtime.LockOSThread()
	if err := prctl(syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL)); err != nil {
		fail(err)
	}
	if o.parent != 0 && os.Getppid() != o.parent {
		fail(fmt.Errorf("the caller %d is gone", o.parent))
	}
	uid, gid := os.Getuid(), os.Getgid()
	attr := &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS |
			syscall.CLONE_NEWCGROUP,
		Pdeathsig: syscall.SIGKILL,
	}
	if uid == 0 {
		// Root may map two ids: init stays root inside (it can reach the binaries through
		// folders only root may enter), the snippet becomes a host id that is not root, so
		// RLIMIT_NPROC holds for it (the kernel exempts uid 0 from it).
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1},
			{ContainerID: innerID, HostID: rootHostID, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1},
			{ContainerID: innerID, HostID: rootHostID, Size: 1}}
		attr.GidMappingsEnableSetgroups = true
	} else {
		// Anyone else maps only themselves: init runs as innerID and keeps, through exec,
		// the capabilities it needs to build the root.
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: innerID, HostID: uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: innerID, HostID: gid, Size: 1}}
		attr.AmbientCaps = []uintptr{capSetgid, capSetuid, capSetpcap, capNetAdmin, capSysAdmin}
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(self, append([]string{"-init"}, append(o.flags(), o.argv...)...)...)
	cmd.Args[0] = "gojail"
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(statusFD), "status")}
	cmd.Env = os.Environ()
	cmd.SysProcAttr = attr
	err = cmd.Start() // on the locked thread: Pdeathsig follows the thread that started init
	if err != nil {
		fail(fmt.Errorf("cannot create the namespaces: %w", err))
	}
	signal.Ignore(syscall.SIGPIPE)
	_ = cmd.Wait()
	os.Exit(cmd.ProcessState.ExitCode())
}

const (
	capSetgid   = 6
	capSetuid   = 7
	capSetpcap  = 8
	capNetAdmin = 12
	capSysAdmin = 21
)

// initStage is PID 1 of the new namespace: it builds the root, starts the program's stage,
// reaps every process, and reports the program's outcome. Its exit ends every process left.
func initStage(o *options) {
	syscall.CloseOnExec(statusFD)
	// A snippet may signal its PID 1 (it cannot signal anything outside): a handler for
	// every signal keeps init alive, and is reset for the child by exec.
	signal.Notify(make(chan os.Signal, 64))
	// Init keeps capabilities; the program runs as the same uid when the caller is not root.
	// Not dumpable: its /proc files stay closed to the program even without the filter.
	if err := prctl(syscall.PR_SET_DUMPABLE, 0); err != nil {
		fail(err)
	}
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		fail(err)
	}
	if err := buildRoot(o); err != nil {
		fail(err)
	}
	if err := loopbackUp(); err != nil {
		fail(fmt.Errorf("loopback: %w", err))
	}
	_ = syscall.Sethostname([]byte("sandbox"))
	cmd := exec.Command(fmt.Sprintf("/proc/self/fd/%d", exe.Fd()))
	cmd.Args = append([]string{"gojail", "-exec"}, append(o.flags(), o.argv...)...)
	cmd.Dir = o.scratch
	cmd.Env = os.Environ()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(statusFD), "status")}
	if err := cmd.Start(); err != nil {
		fail(fmt.Errorf("cannot start the program's stage: %w", err))
	}
	report(reap(cmd.Process.Pid))
	os.Exit(0)
}

// reap waits for every child (orphans are reparented to PID 1) until the program exits.
func reap(pid int) Status {
	for {
		var ws syscall.WaitStatus
		var ru syscall.Rusage
		got, err := syscall.Wait4(-1, &ws, 0, &ru)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return Status{Code: setupError, Error: "wait: " + err.Error()}
		}
		if got != pid {
			continue
		}
		cpu := float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
		s := Status{Code: ws.ExitStatus(), CPU: cpu, MaxRSS: ru.Maxrss}
		if ws.Signaled() {
			s.Code, s.Signal = -1, int(ws.Signal())
		}
		return s
	}
}

// execStage runs as PID 2: limits, no privileges, the filter, then the program itself.
func execStage(o *options) error {
	runtime.LockOSThread()        // credentials, capabilities and the filter are per thread
	syscall.CloseOnExec(statusFD) // the program never sees it
	limits := []struct {
		resource int
		value    uint64
	}{
		{syscall.RLIMIT_CORE, 0},
		{syscall.RLIMIT_CPU, o.cpu},
		{syscall.RLIMIT_DATA, o.mem},
		{syscall.RLIMIT_FSIZE, o.fsize},
		{syscall.RLIMIT_NOFILE, o.nofile},
		{rlimitNproc, o.nproc},
	}
	for _, l := range limits {
		hard := l.value
		if l.resource == syscall.RLIMIT_CPU {
			hard++ // Go ignores SIGXCPU at the soft limit: SIGKILL a second later ends it
		}
		if err := syscall.Setrlimit(l.resource, &syscall.Rlimit{Cur: l.value, Max: hard}); err != nil {
			return fmt.Errorf("setrlimit %d: %w", l.resource, err)
		}
	}
	if err := dropPrivileges(); err != nil {
		return err
	}
	if err := installFilter(); err != nil {
		return fmt.Errorf("seccomp: %w", err)
	}
	err := syscall.Exec(o.argv[0], o.argv, os.Environ())
	return fmt.Errorf("cannot run %s: %w", o.argv[0], err)
}

const rlimitNproc = 6

const (
	prCapbsetDrop  = 24
	prSetNoNewPriv = 38
	prCapAmbient   = 47
	prAmbientClear = 4
	linuxCapV3     = 0x20080522
)

func prctl(option, arg uintptr) error {
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRCTL, option, arg, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// dropPrivileges empties the bounding, ambient, inheritable, permitted and effective
// capability sets, becomes innerID and forbids gaining privileges again (setuid files).
func dropPrivileges() error {
	last, err := lastCap()
	if err != nil {
		return err
	}
	for c := 0; c <= last; c++ {
		if err := prctl(prCapbsetDrop, uintptr(c)); err != nil {
			return fmt.Errorf("drop capability %d: %w", c, err)
		}
	}
	if err := prctl(prCapAmbient, prAmbientClear); err != nil {
		return fmt.Errorf("clear ambient capabilities: %w", err)
	}
	none := uintptr(0)
	_, _, _ = syscall.RawSyscall(syscall.SYS_SETGROUPS, 0, none, 0) // denied when unprivileged
	for _, call := range []uintptr{syscall.SYS_SETRESGID, syscall.SYS_SETRESUID} {
		if _, _, e := syscall.RawSyscall(call, innerID, innerID, innerID); e != 0 {
			return fmt.Errorf("become uid %d: %w", innerID, e)
		}
	}
	header := struct{ version, pid uint32 }{linuxCapV3, 0}
	var data [2]struct{ effective, permitted, inheritable uint32 }
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPSET, ptr(&header), ptr(&data), 0); e != 0 {
		return fmt.Errorf("capset: %w", e)
	}
	if err := prctl(prSetNoNewPriv, 1); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	return nil
}

func lastCap() (int, error) {
	text, err := os.ReadFile("/proc/sys/kernel/cap_last_cap")
	if err != nil {
		return 0, err
	}
	var last int
	_, err = fmt.Sscan(strings.TrimSpace(string(text)), &last)
	return last, err
}

// selftest is the program the probe runs inside the sandbox: it prints "contained" only
// when it has no capability, no way to gain one, a filter, a non-root uid, and mount fails.
func selftest() int {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Println("no /proc:", err)
		return 1
	}
	want := map[string]string{
		"CapEff": "0000000000000000", "CapPrm": "0000000000000000",
		"CapBnd": "0000000000000000", "CapAmb": "0000000000000000",
		"NoNewPrivs": "1", "Seccomp": "2",
	}
	for _, line := range strings.Split(string(status), "\n") {
		key, value, _ := strings.Cut(line, ":")
		if w, ok := want[key]; ok && strings.TrimSpace(value) != w {
			fmt.Printf("%s is %s\n", key, strings.TrimSpace(value))
			return 1
		}
	}
	if os.Getuid() != innerID {
		fmt.Println("uid is", os.Getuid())
		return 1
	}
	if err := syscall.Mount("none", "/", "", syscall.MS_REMOUNT, ""); err != syscall.EPERM {
		fmt.Println("remount /:", err)
		return 1
	}
	fmt.Println("contained")
	return 0
}
