//! User and group names for ids, as `ls -l` shows them: looked up through the C
//! library (`getpwuid_r`, `getgrgid_r`, so that LDAP and other name services answer
//! too), once per id, then cached. An id with no name is shown as its number.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, CStr};
use std::sync::Mutex;

/// The names of the ids seen so far; shared by the worker threads.
#[derive(Debug, Default)]
pub struct Accounts {
    users: Mutex<HashMap<u32, Vec<u8>>>,
    groups: Mutex<HashMap<u32, Vec<u8>>>,
}

impl Accounts {
    /// Appends the name of user `uid` (or the number) to `out`.
    pub fn user_into(&self, uid: u32, out: &mut Vec<u8>) {
        cached(&self.users, uid, out, |id, buf| {
            // SAFETY: an all-zero passwd is a valid out-parameter for getpwuid_r.
            let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
            let mut found = std::ptr::null_mut();
            // SAFETY: every pointer is valid for the call, and `buf.len()` is the
            // buffer's size.
            let status = unsafe {
                libc::getpwuid_r(id, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found)
            };
            (status, (!found.is_null()).then_some(entry.pw_name))
        });
    }

    /// Appends the name of group `gid` (or the number) to `out`.
    pub fn group_into(&self, gid: u32, out: &mut Vec<u8>) {
        cached(&self.groups, gid, out, |id, buf| {
            // SAFETY: an all-zero group is a valid out-parameter for getgrgid_r.
            let mut entry: libc::group = unsafe { std::mem::zeroed() };
            let mut found = std::ptr::null_mut();
            // SAFETY: as for getpwuid_r above.
            let status = unsafe {
                libc::getgrgid_r(id, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found)
            };
            (status, (!found.is_null()).then_some(entry.gr_name))
        });
    }
}

/// Appends the cached name of `id`, looking it up with `lookup` (which answers the C
/// library's status and, when found, the name in `buf`) on the first request.
fn cached(
    cache: &Mutex<HashMap<u32, Vec<u8>>>,
    id: u32,
    out: &mut Vec<u8>,
    lookup: impl Fn(u32, &mut [c_char]) -> (c_int, Option<*mut c_char>),
) {
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let name = cache.entry(id).or_insert_with(|| {
        let mut buf: Vec<c_char> = vec![0; 1024];
        loop {
            match lookup(id, &mut buf) {
                (libc::ERANGE, _) if buf.len() < 1 << 20 => buf.resize(buf.len() * 2, 0),
                // SAFETY: on success the name points into `buf`, NUL-terminated.
                (0, Some(name)) if !name.is_null() => {
                    break unsafe { CStr::from_ptr(name) }.to_bytes().to_vec()
                }
                _ => break id.to_string().into_bytes(),
            }
        }
    });
    out.extend_from_slice(name);
}

#[cfg(test)]
mod tests {
    use super::Accounts;

    #[test]
    fn root_has_a_name_and_unknown_ids_are_numbers() {
        let accounts = Accounts::default();
        let mut out = Vec::new();
        accounts.user_into(0, &mut out);
        assert_eq!(out, b"root");
        out.clear();
        accounts.group_into(4_000_000_000, &mut out);
        assert_eq!(out, b"4000000000");
    }
}
