"""Limits bound a run as a whole, not each of its processes (review defect 7): a run is one
process (the filter denies fork, vfork and clone of a process; threads remain), so the
memory limit of that process is the memory limit of the run. A program the kernel cannot
load under the limit, and any run a signal ended, are reported in words."""

from __future__ import annotations

import uuid

from attacks import Attack, program
from test_attacks import BOMB, _spawn_self, processes_with

HOG = 400  # MiB each child would touch: three of them hold far more than one run's 512 MiB


def test_a_program_cannot_multiply_its_memory_by_starting_copies_of_itself(
    attack: Attack,
) -> None:
    marker = f"hog-{uuid.uuid4().hex}"
    code = program(
        "bytes fmt os os/exec",
        f"""
func main() {{
	if os.Args[len(os.Args)-1] == "{marker}" {{
		b := make([]byte, {HOG}<<20)
		for i := 0; i < len(b); i += 4096 {{
			b[i] = 1
		}}
		fmt.Println("child held {HOG} MiB")
		return
	}}
	var started []*exec.Cmd
	for i := 0; i < 3; i++ {{
		cmd := again()
		cmd.Stdout = os.Stdout
		if err := cmd.Start(); err != nil {{
			fmt.Println(err)
			os.Exit(3)
		}}
		started = append(started, cmd)
	}}
	for _, cmd := range started {{
		_ = cmd.Wait()
	}}
}}
{_spawn_self(marker, "")}
""",
    )
    run = attack.check(attack.snippet(code, "never", BOMB))
    assert run.exit_code == 1, run.text
    assert "child held" not in run.stdout, run.text
    assert (
        "GO017 the program hit the sandbox's process limit (a run is one process: "
        "it may start threads, not programs)" in run.stdout
    ), run.text
    assert processes_with(marker) == []


def test_a_raw_fork_is_denied_and_threads_still_work(attack: Attack) -> None:
    code = program(
        "fmt sync syscall",
        """
func main() {
	pid, _, fork := syscall.RawSyscall(syscall.SYS_FORK, 0, 0, 0)
	if fork == 0 && pid == 0 {
		syscall.Exit(0) // the child, should one exist, leaves at once
	}
	pid, _, clone := syscall.RawSyscall(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0)
	if clone == 0 && pid == 0 {
		syscall.Exit(0)
	}
	var wg sync.WaitGroup
	sums := make([]int, 64)
	for i := range sums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 1000; k++ {
				sums[i] += k
			}
		}()
	}
	wg.Wait()
	fmt.Println(fork, clone, sums[63])
}
""",
    )
    run = attack.check(
        attack.snippet(code, "operation not permitted operation not permitted 499500")
    )
    assert run.exit_code == 0, run.text


def test_global_data_beyond_the_memory_limit_is_a_limit_finding(attack: Attack) -> None:
    code = program(
        "fmt",
        """
var big = [1 << 29]byte{1: 1}

func main() { fmt.Println(big[1]) }
""",
    )
    run = attack.check(attack.snippet(code, "1"))
    assert run.exit_code == 1, run.text
    assert "GO017 the program hit the sandbox's memory limit" in run.stdout, run.text
    assert "-11" not in run.stdout, run.text


def test_a_run_ended_by_a_signal_says_so_in_words(attack: Attack) -> None:
    code = program(
        "fmt os syscall",
        """
func main() {
	fmt.Println("half")
	_ = os.Stdout.Sync()
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
}
""",
    )
    run = attack.check(attack.snippet(code, "whole"))
    assert run.exit_code == 1, run.text
    assert "GO004 output differs from the program's (killed by signal SIGKILL" in run.stdout, (
        run.text
    )
    assert "exit status -" not in run.stdout, run.text


def test_tests_ended_by_a_signal_say_so_in_words(attack: Attack) -> None:
    code = program(
        "os syscall testing",
        """
func TestKilled(t *testing.T) {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
}
""",
    )
    run = attack.check(attack.snippet(code, None, "go test"))
    assert run.exit_code == 1, run.text
    assert "GO007 go test fails (killed by signal SIGKILL (killed))" in run.stdout, run.text
