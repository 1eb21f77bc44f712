package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unsafe"
)

// Devices a Go program may open; bound from the host (a user namespace cannot mknod).
var devices = []string{"null", "zero", "full", "random", "urandom"}

const etcPasswd = "root:x:0:0:root:/:/bin/false\nuser:x:1000:1000:user:%[1]s:/bin/false\n"
const etcGroup = "root:x:0:\nuser:x:1000:\n"
const etcHosts = "127.0.0.1\tlocalhost\n::1\tlocalhost\n"

// buildRoot makes a root from nothing and pivots into it: a small read-only tmpfs holding
// /proc (new, of this PID namespace), /dev (a few bound devices), /etc (synthetic), the
// program's folder and the zoneinfo read-only at their host paths, and one size-limited
// tmpfs at /tmp that is also the scratch folder. The host's root is detached.
func buildRoot(o *options) error {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if under(o.bin, o.scratch) || under(o.scratch, o.bin) {
		return fmt.Errorf("-bin and -scratch must not lie inside each other")
	}
	// The new root is built on the scratch folder itself: a path we know exists and that
	// hides nothing we still need to bind (the program's folder lies outside it).
	root := o.scratch
	if err := syscall.Mount("tmpfs", root, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV,
		"size=4m,mode=0755"); err != nil {
		return fmt.Errorf("mount the new root: %w", err)
	}
	in := func(path string) string { return filepath.Join(root, path) }
	// All the program may write is one size-limited tmpfs at /tmp, also its scratch folder.
	// It comes first: the program's folder and the scratch folder may lie under /tmp.
	if err := os.MkdirAll(in("/tmp"), 0o755); err != nil {
		return err
	}
	scratchOpts := fmt.Sprintf("size=%d,mode=0700,uid=%d,gid=%d", o.tmpfs, innerID, innerID)
	if err := syscall.Mount("tmpfs", in("/tmp"), "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV,
		scratchOpts); err != nil {
		return fmt.Errorf("mount the scratch tmpfs: %w", err)
	}
	for _, dir := range []string{"/proc", "/dev", "/etc", o.bin, o.scratch} {
		if err := os.MkdirAll(in(dir), 0o755); err != nil {
			return err
		}
	}
	if err := bindReadOnly(o.bin, in(o.bin)); err != nil {
		return fmt.Errorf("bind %s: %w", o.bin, err)
	}
	if info, err := os.Stat("/usr/share/zoneinfo"); err == nil && info.IsDir() {
		if err := os.MkdirAll(in("/usr/share/zoneinfo"), 0o755); err != nil {
			return err
		}
		if err := bindReadOnly("/usr/share/zoneinfo", in("/usr/share/zoneinfo")); err != nil {
			return fmt.Errorf("bind zoneinfo: %w", err)
		}
	}
	for _, dev := range devices {
		target := in("/dev/" + dev)
		if err := os.WriteFile(target, nil, 0o644); err != nil {
			return err
		}
		if err := syscall.Mount("/dev/"+dev, target, "", syscall.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind /dev/%s: %w", dev, err)
		}
	}
	links := map[string]string{"/dev/fd": "/proc/self/fd", "/dev/stdin": "/proc/self/fd/0",
		"/dev/stdout": "/proc/self/fd/1", "/dev/stderr": "/proc/self/fd/2"}
	for link, target := range links {
		if err := os.Symlink(target, in(link)); err != nil {
			return err
		}
	}
	files := map[string]string{"/etc/passwd": fmt.Sprintf(etcPasswd, o.scratch),
		"/etc/group": etcGroup, "/etc/hosts": etcHosts, "/etc/hostname": "sandbox\n",
		"/etc/nsswitch.conf": "hosts: files\n", "/etc/resolv.conf": ""}
	for name, text := range files {
		if err := os.WriteFile(in(name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	if err := syscall.Mount("proc", in("/proc"), "proc",
		syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mount /proc: %w", err)
	}
	if err := scratchFolder(o.scratch, in); err != nil {
		return err
	}
	if err := pivot(root); err != nil {
		return err
	}
	if err := syscall.Mount("", "/", "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|
		syscall.MS_NOSUID|syscall.MS_NODEV, ""); err != nil {
		return fmt.Errorf("make the root read-only: %w", err)
	}
	return os.Chdir(o.scratch)
}

// scratchFolder gives the program its working directory on the /tmp tmpfs: a folder of it
// when the path lies under /tmp, else the whole tmpfs bound at the path.
func scratchFolder(scratch string, in func(string) string) error {
	if under(scratch, "/tmp") {
		if err := os.Chown(in(scratch), innerID, innerID); err != nil {
			return err
		}
		return os.Chmod(in(scratch), 0o700)
	}
	if err := syscall.Mount(in("/tmp"), in(scratch), "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind the scratch folder: %w", err)
	}
	return nil
}

func under(path, folder string) bool {
	return path == folder || strings.HasPrefix(path, strings.TrimSuffix(folder, "/")+"/")
}

// pivot makes root the root and detaches the old one (pivot_root(".", ".") needs no folder
// for it).
func pivot(root string) error {
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := syscall.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := syscall.Unmount(".", syscall.MNT_DETACH); err != nil {
		return fmt.Errorf("detach the old root: %w", err)
	}
	return os.Chdir("/")
}

// bindReadOnly binds source at target read-only, keeping the flags the kernel locks for a
// mount that came from the host (nosuid, nodev, noexec): a remount must repeat them.
func bindReadOnly(source, target string) error {
	if err := syscall.Mount(source, target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return err
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(target, &st); err != nil {
		return err
	}
	const locked = syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC |
		syscall.MS_NOATIME | syscall.MS_NODIRATIME | syscall.MS_RELATIME
	flags := uintptr(st.Flags)&locked | syscall.MS_NOSUID | syscall.MS_NODEV
	return syscall.Mount("", target, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|
		flags, "")
}

// loopbackUp brings lo up in the new network namespace so a program may serve and reach
// 127.0.0.1 (httptest); nothing else is reachable.
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	var req struct {
		name  [syscall.IFNAMSIZ]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:], "lo")
	if err := ioctl(fd, syscall.SIOCGIFFLAGS, ptr(&req)); err != nil {
		return err
	}
	req.flags |= syscall.IFF_UP | syscall.IFF_RUNNING
	return ioctl(fd, syscall.SIOCSIFFLAGS, ptr(&req))
}

func ioctl(fd int, request, arg uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), request, arg); e != 0 {
		return e
	}
	return nil
}

func ptr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }
