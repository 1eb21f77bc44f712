package main

// The x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl); x32 calls (bit 30) are denied.
const (
	auditArch = 0xc000003e // AUDIT_ARCH_X86_64
	x32Bit    = 0x40000000
	sysClone  = 56
	sysClone3 = 435
)

var denied = []uint32{
	57, 58, // fork, vfork: a run is one process (clone is checked apart)
	165, 166, 155, // mount, umount2, pivot_root
	272, 308, // unshare, setns
	101, 310, 311, 312, 438, // ptrace, process_vm_readv/writev, kcmp, pidfd_getfd
	246, 320, 169, // kexec_load, kexec_file_load, reboot
	321, 298, 323, // bpf, perf_event_open, userfaultfd
	248, 249, 250, // add_key, request_key, keyctl
	175, 313, 176, // init_module, finit_module, delete_module
	303, 304, // name_to_handle_at, open_by_handle_at
	167, 168, 163, 161, // swapon, swapoff, acct, chroot
	428, 429, 430, 431, 432, 433, 442, // open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr
	179, 443, 103, 172, 173, // quotactl, quotactl_fd, syslog, iopl, ioperm
	425, 426, 427, // io_uring_setup, io_uring_enter, io_uring_register
	212, 153, 134, 156, 180, // lookup_dcookie, vhangup, uselib, _sysctl, nfsservctl
	170, 171, 164, 227, 305, 159, 300, // sethostname, setdomainname, clock and time setters, fanotify_init
}
