package main

import (
	"syscall"
	"unsafe"
)

// Classic BPF for seccomp (linux/filter.h, linux/seccomp.h).
const (
	bpfLoadAbs = 0x20 // BPF_LD | BPF_W | BPF_ABS
	bpfJeq     = 0x15 // BPF_JMP | BPF_JEQ | BPF_K
	bpfJge     = 0x35 // BPF_JMP | BPF_JGE | BPF_K
	bpfJset    = 0x45 // BPF_JMP | BPF_JSET | BPF_K
	bpfRet     = 0x06 // BPF_RET | BPF_K

	retKillProcess = 0x80000000
	retErrno       = 0x00050000
	retAllow       = 0x7fff0000

	offNr   = 0  // seccomp_data.nr
	offArch = 4  // seccomp_data.arch
	offArg0 = 16 // seccomp_data.args[0], low 32 bits (little endian)

	// clone flags that make new namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
	// NEWUSER, NEWPID, NEWNET).
	namespaceFlags = 0x7e020000
	// A clone without CLONE_THREAD makes a new process: denied, so that a run is one
	// process whose RLIMIT_DATA bounds the memory of the whole run (Go's threads share it).
	cloneThread = 0x00010000

	prSetSeccomp      = 22
	seccompModeFilter = 2
)

type sockFilter struct {
	code   uint16
	jt, jf uint8
	k      uint32
}

type sockFprog struct {
	len    uint16
	filter *sockFilter
}

// program denies (EPERM) the calls in `denied` (fork and vfork among them), clone with
// namespace flags and clone of a new process (without CLONE_THREAD: only threads may be
// made), answers ENOSYS to clone3 (its flags sit in memory a filter cannot read; callers
// fall back to clone), kills the process on a foreign architecture, and allows the rest.
func program() []sockFilter {
	var p []sockFilter
	// Jumps to the three verdicts at the end are resolved once the length is known.
	const toDeny, toNosys, toCloneCheck = 1, 2, 3
	targets := map[int]int{}
	jump := func(code uint16, k uint32, target int) {
		targets[len(p)] = target
		p = append(p, sockFilter{code: code, k: k})
	}
	p = append(p,
		sockFilter{code: bpfLoadAbs, k: offArch},
		sockFilter{code: bpfJeq, jt: 1, k: auditArch},
		sockFilter{code: bpfRet, k: retKillProcess},
		sockFilter{code: bpfLoadAbs, k: offNr},
	)
	if x32Bit != 0 {
		jump(bpfJge, x32Bit, toDeny)
	}
	for _, nr := range denied {
		jump(bpfJeq, nr, toDeny)
	}
	jump(bpfJeq, sysClone3, toNosys)
	jump(bpfJeq, sysClone, toCloneCheck)
	p = append(p, sockFilter{code: bpfRet, k: retAllow})
	at := map[int]int{toCloneCheck: len(p)}
	p = append(p,
		sockFilter{code: bpfLoadAbs, k: offArg0},
		sockFilter{code: bpfJset, jt: 2, k: namespaceFlags},
		sockFilter{code: bpfJset, jf: 1, k: cloneThread},
		sockFilter{code: bpfRet, k: retAllow},
	)
	at[toDeny] = len(p)
	p = append(p, sockFilter{code: bpfRet, k: retErrno | uint32(syscall.EPERM)})
	at[toNosys] = len(p)
	p = append(p, sockFilter{code: bpfRet, k: retErrno | uint32(syscall.ENOSYS)})
	for i, target := range targets {
		p[i].jt = uint8(at[target] - i - 1)
	}
	return p
}

// installFilter applies the filter to this thread; no_new_privs is already set.
func installFilter() error {
	p := program()
	prog := sockFprog{len: uint16(len(p)), filter: &p[0]}
	_, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetSeccomp, seccompModeFilter,
		uintptr(unsafe.Pointer(&prog)))
	if e != 0 {
		return e
	}
	return nil
}
