#!/usr/bin/env python3
# pfind's copy of the team's shared slowfs tool, so that bench/slowfs.sh needs nothing
# outside the repository. Keep it equal to the original.
"""slowfs: a read-only FUSE mirror of a directory that waits before every
metadata operation, to stand in for a network filesystem (NFS, SMB, sshfs,
Lustre) where each lookup, getattr and readdir costs a round trip.

    slowfs.py SOURCE MOUNTPOINT [--latency-ms 1.0] [--foreground]
    fusermount -u MOUNTPOINT        # unmount

Needs: python3 -m pip install fusepy; a libfuse2 (Debian: libfuse2 or
libfuse2t64) and /dev/fuse. Kernel attribute and entry caching are turned off,
so every walk pays the latency again. Requests are served by many threads, so
a walker that keeps many requests in flight gets them answered in parallel,
as a real network filesystem does.
"""
import argparse
import errno
import os
import stat
import time

from fuse import FUSE, FuseOSError, Operations


class SlowMirror(Operations):
    def __init__(self, root, latency_s):
        self.root = os.path.realpath(root)
        self.latency_s = latency_s

    def _wait(self):
        if self.latency_s > 0:
            time.sleep(self.latency_s)

    def _real(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    @staticmethod
    def _attrs(st):
        keys = ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid",
                "st_size", "st_atime", "st_mtime", "st_ctime")
        return {k: getattr(st, k) for k in keys}

    def getattr(self, path, fh=None):
        self._wait()
        try:
            return self._attrs(os.lstat(self._real(path)))
        except OSError as e:
            raise FuseOSError(e.errno)

    def access(self, path, mode):
        if not os.access(self._real(path), mode, follow_symlinks=False):
            raise FuseOSError(errno.EACCES)

    def opendir(self, path):
        self._wait()
        if not os.access(self._real(path), os.R_OK | os.X_OK):
            raise FuseOSError(errno.EACCES)
        return 0

    def readdir(self, path, fh):
        self._wait()
        entries = [(".", {"st_mode": stat.S_IFDIR}, 0), ("..", {"st_mode": stat.S_IFDIR}, 0)]
        try:
            with os.scandir(self._real(path)) as it:
                for e in it:
                    st = e.stat(follow_symlinks=False)
                    entries.append((e.name, {"st_mode": st.st_mode, "st_ino": st.st_ino}, 0))
        except OSError as e:
            raise FuseOSError(e.errno)
        return entries

    def readlink(self, path):
        self._wait()
        return os.readlink(self._real(path))

    def statfs(self, path):
        st = os.statvfs(self._real(path))
        keys = ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")
        return {k: getattr(st, k) for k in keys}

    def open(self, path, flags):
        self._wait()
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return os.open(self._real(path), flags)

    def read(self, path, size, offset, fh):
        os.lseek(fh, offset, os.SEEK_SET)
        return os.read(fh, size)

    def release(self, path, fh):
        os.close(fh)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source")
    p.add_argument("mountpoint")
    p.add_argument("--latency-ms", type=float, default=1.0)
    p.add_argument("--foreground", action="store_true")
    a = p.parse_args()
    FUSE(SlowMirror(a.source, a.latency_ms / 1000.0), a.mountpoint,
         foreground=a.foreground, nothreads=False, ro=True,
         attr_timeout=0, entry_timeout=0, negative_timeout=0,
         allow_other=False, default_permissions=True)


if __name__ == "__main__":
    main()
