//! Unix: names are bytes, the terminal is a file descriptor.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The `OsStr` whose bytes are `bytes` (any bytes are a name on Unix).
#[inline(always)]
pub fn os_str(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// The `OsString` whose bytes are `bytes`.
pub fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from_vec(bytes)
}

/// The major and minor numbers of a device number (`st_rdev`).
pub fn device_numbers(rdev: u64) -> (u64, u64) {
    let rdev = rdev as rustix::fs::Dev;
    (
        u64::from(rustix::fs::major(rdev)),
        u64::from(rustix::fs::minor(rdev)),
    )
}

/// True when the file at `path` has file capabilities: Linux's `security.capability`
/// extended attribute (other systems have none).
pub fn has_capabilities(path: &[u8]) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        rustix::fs::lgetxattr(os_str(path), "security.capability", &mut [0u8; 0][..])
            .is_ok_and(|n| n > 0)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = path;
        false
    }
}
