//! User and group names for ids, as `ls -l` shows them: looked up through the C
//! library (`getpwuid_r`, `getgrgid_r`, so that LDAP and other name services answer
//! too), once per id, then cached. An id with no name is shown as its number.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::platform;

/// The names of the ids seen so far; shared by the worker threads.
#[derive(Debug, Default)]
pub struct Accounts {
    users: Mutex<HashMap<u32, Vec<u8>>>,
    groups: Mutex<HashMap<u32, Vec<u8>>>,
}

impl Accounts {
    /// Appends the name of user `uid` (or the number) to `out`.
    pub fn user_into(&self, uid: u32, out: &mut Vec<u8>) {
        cached(&self.users, uid, out, platform::user_name);
    }

    /// Appends the name of group `gid` (or the number) to `out`.
    pub fn group_into(&self, gid: u32, out: &mut Vec<u8>) {
        cached(&self.groups, gid, out, platform::group_name);
    }
}

/// Appends the cached name of `id`, looking it up with `lookup` on the first request.
fn cached(
    cache: &Mutex<HashMap<u32, Vec<u8>>>,
    id: u32,
    out: &mut Vec<u8>,
    lookup: impl Fn(u32) -> Option<Vec<u8>>,
) {
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let name = cache
        .entry(id)
        .or_insert_with(|| lookup(id).unwrap_or_else(|| id.to_string().into_bytes()));
    out.extend_from_slice(name);
}
#[cfg(test)]
mod tests {
    use super::Accounts;

    #[test]
    fn root_has_a_name_and_unknown_ids_are_numbers() {
        let accounts = Accounts::default();
        let mut out = Vec::new();
        // Windows has no uid 0 (no uids at all): every id is shown as its number.
        #[cfg(unix)]
        {
            accounts.user_into(0, &mut out);
            assert_eq!(out, b"root");
            out.clear();
        }
        accounts.group_into(4_000_000_000, &mut out);
        assert_eq!(out, b"4000000000");
    }
}
