//! Linux: a directory's entries read with `getdents64`, which writes
//! `struct linux_dirent64` records straight into the walker's buffer. The handle is
//! the file descriptor alone: the kernel keeps the read offset, so a directory's next
//! batch is read from its descriptor.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use rustix::io::Errno;

/// An open directory being read.
pub(crate) struct DirStream(OwnedFd);

impl DirStream {
    pub(crate) fn new(fd: OwnedFd) -> Result<DirStream, Errno> {
        Ok(DirStream(fd))
    }

    #[inline(always)]
    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }

    /// One `getdents64` call into `buf`, retried when a signal interrupts it.
    #[inline(always)]
    pub(crate) fn fill(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        loop {
            // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, which is
            // valid for writes for that long; it reads nothing from it.
            let read = unsafe {
                libc::syscall(
                    libc::SYS_getdents64,
                    self.0.as_raw_fd(),
                    buf.as_mut_ptr(),
                    buf.len(),
                )
            };
            if let Ok(read) = usize::try_from(read) {
                return Ok(read);
            }
            let code = std::io::Error::last_os_error().raw_os_error();
            match Errno::from_raw_os_error(code.unwrap_or(libc::EIO)) {
                Errno::INTR => continue,
                err => return Err(err),
            }
        }
    }
}
