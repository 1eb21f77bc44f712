"""Issue 8's attacks, and those of docs/sandbox.md's threat model, each through the real CLI.

A contained attack prints "blocked" (its `output` block), so the course stays clean (exit 0);
the host-side assertions check what the attack would have changed for real."""

from __future__ import annotations

import contextlib
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from attacks import CLI_TIMEOUT, Attack, program


def processes_with(marker: str) -> list[str]:
    """Host processes whose command line carries `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes()
            if entry.name.isdigit() and marker.encode() in cmdline:
                found.append(f"{entry.name}: {cmdline!r}")
    return found


def test_remount_of_root_and_writes_outside_fail(attack: Attack) -> None:
    escape = attack.target / "remount.txt"
    code = program(
        "fmt os syscall",
        f"""
func main() {{
	remount := syscall.Mount("", "/", "", syscall.MS_REMOUNT|syscall.MS_BIND, "")
	write := os.WriteFile({attack.go_string(escape)}, []byte("escaped"), 0o644)
	if remount == nil || write == nil {{
		fmt.Println("escaped:", remount, write)
		return
	}}
	fmt.Println("blocked")
}}
""",
    )
    run = attack.check(attack.snippet(code))
    assert run.exit_code == 0, run.text
    assert not escape.exists()


def test_testmain_cannot_write_anywhere(attack: Attack) -> None:
    escape = attack.target / "testmain.txt"
    cache = attack.root / ".coursecheck_cache" / "go" / "planted.json"
    code = program(
        "os path/filepath testing",
        f"""
func TestMain(m *testing.M) {{
	for _, path := range []string{{{attack.go_string(escape)}, {attack.go_string(cache)}}} {{
		_ = os.MkdirAll(filepath.Dir(path), 0o755)
		_ = os.WriteFile(path, []byte("escaped"), 0o644)
	}}
	os.Exit(m.Run())
}}

func TestNothing(t *testing.T) {{}}
""",
    )
    run = attack.check(attack.snippet(code, None, "go test"))
    assert run.exit_code == 0, run.text
    # Inside, the paths may exist on the sandbox's own /tmp (the host folders of the run lie
    # under /tmp here); on the host, nothing was written.
    assert not escape.exists()
    assert not cache.exists()


def _spawn_self(marker: str, extra: str) -> str:
    """A body that starts its own binary again (the mux's original arguments plus marker)."""
    return f"""
func again() *exec.Cmd {{
	raw, _ := os.ReadFile("/proc/self/cmdline")
	args := bytes.Split(bytes.TrimRight(raw, "\\x00"), []byte{{0}})
	cmd := exec.Command(string(args[0]))
	for _, arg := range args[1:] {{
		cmd.Args = append(cmd.Args, string(arg))
	}}
	cmd.Args = append(cmd.Args, "{marker}"){extra}
	return cmd
}}
"""


SETSID = "\n\tcmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}"


def test_a_setsid_child_does_not_outlive_the_check(attack: Attack) -> None:
    marker = f"survivor-{uuid.uuid4().hex}"
    trace = attack.target / "survivor.txt"
    code = program(
        "bytes errors fmt os os/exec syscall time",
        f"""
func main() {{
	if os.Args[len(os.Args)-1] == "{marker}" {{
		for {{
			_ = os.WriteFile({attack.go_string(trace)}, []byte("alive"), 0o644)
			time.Sleep(50 * time.Millisecond)
		}}
	}}
	cmd := again()
	if err := cmd.Start(); errors.Is(err, syscall.EPERM) {{ // a run is one process
		fmt.Println("blocked")
		return
	}}
	time.Sleep(200 * time.Millisecond)
	fmt.Println("started")
}}
{_spawn_self(marker, SETSID)}
""",
    )
    run = attack.check(attack.snippet(code))
    assert run.exit_code == 0, run.text
    assert processes_with(marker) == []
    time.sleep(0.5)  # a survivor would write its trace by now
    assert not trace.exists()
    assert processes_with(marker) == []


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = CLI_TIMEOUT) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_killing_coursecheck_ends_the_runs_it_started(attack: Attack) -> None:
    marker = f"orphan-{uuid.uuid4().hex}"
    # A run is one process: the snippet takes on the marker by exec'ing itself with it.
    code = program(
        "bytes fmt os os/exec syscall time",
        f"""
func main() {{
	if os.Args[len(os.Args)-1] != "{marker}" {{
		cmd := again()
		fmt.Println("cannot exec:", syscall.Exec(cmd.Path, cmd.Args, os.Environ()))
	}}
	time.Sleep(time.Hour)
}}
{_spawn_self(marker, "")}
""",
    )
    checking = attack.start(attack.snippet(code, "never", "go timeout=90s"))
    try:
        _wait_for(lambda: bool(processes_with(marker)), "the snippet never started")
    finally:
        checking.kill()  # SIGKILL: coursecheck cleans nothing up itself
        checking.wait()
    _wait_for(lambda: not processes_with(marker), "the snippet outlived coursecheck", 30.0)


def test_the_snippet_cannot_see_stop_or_kill_coursecheck(attack: Attack) -> None:
    code = program(
        "fmt os strconv strings syscall",
        """
func main() {
	_ = syscall.Kill(os.Getppid(), syscall.SIGSTOP)
	_ = syscall.Kill(-1, syscall.SIGSTOP)
	entries, _ := os.ReadDir("/proc")
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, _ := os.ReadFile("/proc/" + entry.Name() + "/cmdline")
		_ = syscall.Kill(pid, syscall.SIGSTOP)
		if strings.Contains(string(cmdline), "python") {
			fmt.Println("sees coursecheck:", pid)
			return
		}
	}
	fmt.Println("blocked")
}
""",
    )
    run = attack.check(attack.snippet(code))  # a stopped gate would hit cli()'s timeout
    assert run.exit_code == 0, run.text


BOMB = "go timeout=30s"  # the limit, not the clock of a loaded machine, must end a bomb


def _limit(run_text: str, what: str) -> None:
    assert f"GO017 the program hit the sandbox's {what}" in run_text, run_text


def test_a_memory_bomb_is_a_limit_finding(attack: Attack) -> None:
    code = program(
        "fmt",
        """
func main() {
	var kept [][]byte
	for i := 0; ; i++ {
		chunk := make([]byte, 16<<20)
		chunk[0] = 1
		kept = append(kept, chunk)
		fmt.Println(len(kept))
	}
}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1
    _limit(run.stdout, "memory limit")


def test_a_fork_bomb_meets_the_process_limit(attack: Attack) -> None:
    marker = f"bomb-{uuid.uuid4().hex}"
    code = program(
        "bytes os os/exec time",
        f"""
func main() {{
	if os.Args[len(os.Args)-1] == "{marker}" {{
		time.Sleep(time.Hour)
	}}
	for {{
		if err := again().Start(); err != nil {{
			panic(err)
		}}
	}}
}}
{_spawn_self(marker, "")}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1
    _limit(run.stdout, "process limit")
    assert processes_with(marker) == []


def test_a_thread_bomb_meets_the_process_limit(attack: Attack) -> None:
    code = program(
        "fmt syscall",
        """
func main() {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	for i := 0; i < 10000; i++ {
		go func() {
			buf := make([]byte, 1)
			_, _ = syscall.Read(fds[0], buf) // blocks an OS thread for good
		}()
	}
	fmt.Println("done")
}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1
    _limit(run.stdout, "process limit")


def test_a_file_size_bomb_meets_the_file_size_limit(attack: Attack) -> None:
    code = program(
        "os",
        """
func main() {
	f, err := os.Create("big")
	if err != nil {
		panic(err)
	}
	chunk := make([]byte, 1<<20)
	for {
		if _, err := f.Write(chunk); err != nil {
			panic(err)
		}
	}
}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1
    _limit(run.stdout, "file-size limit")


def test_filling_the_scratch_folder_meets_its_size(attack: Attack) -> None:
    code = program(
        "fmt os",
        """
func main() {
	chunk := make([]byte, 1<<20)
	for i := 0; ; i++ {
		if err := os.WriteFile(fmt.Sprint("f", i), chunk, 0o644); err != nil {
			panic(err)
		}
	}
}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1
    _limit(run.stdout, "scratch space limit")


@contextlib.contextmanager
def listening(family: int, address: object) -> Iterator[socket.socket]:
    server = socket.socket(family, socket.SOCK_STREAM)
    try:
        server.bind(address)
        server.listen(8)
        server.setblocking(False)
        yield server
    finally:
        server.close()


def assert_no_connection(server: socket.socket) -> None:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return
    connection.close()
    raise AssertionError("the snippet reached a socket of the host")


def _dial(network: str, address: str) -> str:
    return program(
        "fmt net time",
        f"""
func main() {{
	conn, err := net.DialTimeout("{network}", {address}, 2*time.Second)
	if err == nil {{
		conn.Close()
		fmt.Println("connected")
		return
	}}
	fmt.Println("blocked")
}}
""",
    )


def test_a_unix_socket_on_disk_is_out_of_reach(attack: Attack) -> None:
    path = attack.target / "docker.sock"
    with listening(socket.AF_UNIX, str(path)) as server:
        run = attack.check(attack.snippet(_dial("unix", attack.go_string(path))))
        assert_no_connection(server)
    assert run.exit_code == 0, run.text


def test_an_abstract_unix_socket_is_out_of_reach(attack: Attack) -> None:
    name = f"coursecheck-attack-{uuid.uuid4().hex}"
    with listening(socket.AF_UNIX, "\0" + name) as server:
        run = attack.check(attack.snippet(_dial("unix", attack.go_string("@" + name))))
        assert_no_connection(server)
    assert run.exit_code == 0, run.text


def test_a_tcp_listener_on_the_hosts_loopback_is_out_of_reach(attack: Attack) -> None:
    with listening(socket.AF_INET, ("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        run = attack.check(attack.snippet(_dial("tcp", f'"127.0.0.1:{port}"')))
        assert_no_connection(server)
    assert run.exit_code == 0, run.text


def test_the_hosts_dev_shm_is_not_writable(attack: Attack) -> None:
    planted = Path("/dev/shm") / f"coursecheck-attack-{uuid.uuid4().hex}"
    code = program(
        "fmt os",
        f"""
func main() {{
	if err := os.WriteFile({attack.go_string(planted)}, []byte("x"), 0o644); err == nil {{
		fmt.Println("escaped")
		return
	}}
	fmt.Println("blocked")
}}
""",
    )
    try:
        run = attack.check(attack.snippet(code))
        assert run.exit_code == 0, run.text
        assert not planted.exists()
    finally:
        planted.unlink(missing_ok=True)


def test_a_readable_file_outside_the_course_cannot_be_printed(attack: Attack) -> None:
    secret = attack.target / "secret.txt"
    secret.write_text(attack.secret, encoding="utf-8")
    code = program(
        "fmt os",
        f"""
func main() {{
	data, err := os.ReadFile({attack.go_string(secret)})
	if err == nil {{
		fmt.Println(string(data))
		return
	}}
	fmt.Println("blocked")
}}
""",
    )
    run = attack.check(attack.snippet(code))
    assert run.exit_code == 0, run.text
    assert attack.secret not in run.text


def test_the_environment_of_coursecheck_does_not_leak(attack: Attack) -> None:
    code = program(
        "fmt os path/filepath strconv",
        """
func main() {
	paths, _ := filepath.Glob("/proc/*/environ")
	paths = append(paths, "/proc/"+strconv.Itoa(os.Getppid())+"/environ")
	leaked := os.Environ()
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err == nil {
			leaked = append(leaked, string(data))
		}
	}
	fmt.Println(leaked)
}
""",
    )
    run = attack.check(attack.snippet(code, "[]"))
    assert attack.secret not in run.text
    assert "COURSECHECK_ATTACK_SECRET" not in run.text


def test_privileged_calls_fail_and_no_capability_is_left(attack: Attack) -> None:
    code = program(
        "fmt os strings syscall",
        """
func main() {
	calls := map[string]error{
		"unshare": syscall.Unshare(syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS),
		"chroot":  syscall.Chroot("/"),
		"ptrace":  ptrace(),
		"mount":   syscall.Mount("tmpfs", "/tmp", "tmpfs", 0, ""),
		"setuid":  syscall.Setuid(0),
	}
	for name, err := range calls {
		if err == nil {
			fmt.Println(name, "succeeded")
			return
		}
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\\n") {
		if strings.HasPrefix(line, "Cap") && !strings.HasSuffix(line, "0000000000000000") {
			fmt.Println(line)
			return
		}
	}
	if os.Getuid() == 0 {
		fmt.Println("root")
		return
	}
	fmt.Println("blocked")
}

func ptrace() error {
	_, _, errno := syscall.RawSyscall(syscall.SYS_PTRACE, syscall.PTRACE_TRACEME, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
""",
    )
    run = attack.check(attack.snippet(code))
    assert run.exit_code == 0, run.text


def test_a_busy_program_is_still_stopped_on_time(attack: Attack) -> None:
    """The wall-time limit holds for a program that ignores signals and spins."""
    code = program(
        "os/signal",
        """
func main() {
	signal.Ignore()
	for i := 0; i < 4; i++ {
		go func() {
			for {
			}
		}()
	}
	for {
	}
}
""",
    )
    run = attack.check(attack.snippet(code, "never", "go timeout=1s"))  # cli() times a hang out
    assert run.exit_code == 1
    assert "GO008" in run.stdout or "GO017" in run.stdout, run.text
