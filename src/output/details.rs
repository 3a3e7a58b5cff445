//! `-l`/`--list-details`: one `ls -l`-like line per result, from one `stat`:
//!
//! ```text
//! -rw-r--r--   1 root     root         1234 2026-01-31 10:00 src/main.rs
//! lrwxrwxrwx   1 root     root            7 2026-01-31 10:00 latest -> v2.3.1
//! ```
//!
//! The mode string (type, permissions, setuid/setgid/sticky as `s S t T`), hard links,
//! owner and group names (numbers when they have none), size in bytes (`major, minor`
//! for a device; with `--human`, in powers of 1024 with a unit, as `ls -lh`), the modification time as `YYYY-MM-DD HH:MM` in local time (`TZ`
//! honoured: `ls --time-style=long-iso`), the path, colored like the path alone, and for
//! a symbolic link ` -> ` and its target (colored as what it leads to, `mi` when
//! nothing). Columns have a minimum width instead of ls's alignment: the output
//! streams, so the widest value is never known in advance. A failed `stat` prints `?`
//! in every field, as ls does, and is reported.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use pfind::escape::escape_into;
use pfind_walk::{Entry, FileType, Metadata, WalkError};

use crate::output::accounts::Accounts;

/// What `-l` needs besides the entry: names of ids, the time zone.
#[derive(Debug)]
pub struct Details {
    accounts: Accounts,
    zone: TimeZone,
    /// `--human`: sizes as `ls -lh` prints them.
    human: bool,
}

impl Details {
    /// Names are looked up as they are met; the time zone is the system's, once.
    pub fn new(human: bool) -> Details {
        Details {
            accounts: Accounts::default(),
            zone: TimeZone::system(),
            human,
        }
    }

    /// Appends everything before the path (and the space after it) to `out`, with the
    /// owner's and group's names escaped when `escape` is set (a terminal: a name in
    /// the user database is text from outside too). A failed `stat` is returned once
    /// the `?` fields are written.
    pub fn write_fields(
        &self,
        entry: &Entry<'_>,
        escape: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), WalkError> {
        let meta = match entry.metadata() {
            Ok(meta) => *meta,
            Err(err) => {
                out.extend_from_slice(
                    b"?????????? ?   ?        ?               ? ?          ?     ",
                );
                return Err(err);
            }
        };
        mode_string(meta.mode(), out);
        pad_left(out, meta.nlink().to_string().as_bytes(), 4);
        out.push(b' ');
        let start = out.len();
        self.accounts.user_into(meta.uid(), out);
        escape_from(out, start, escape);
        pad_right(out, start, 8);
        out.push(b' ');
        let start = out.len();
        self.accounts.group_into(meta.gid(), out);
        escape_from(out, start, escape);
        pad_right(out, start, 8);
        pad_left(out, size_field(&meta, self.human).as_bytes(), 9);
        out.push(b' ');
        self.time_into(meta.modified().0, out);
        out.push(b' ');
        Ok(())
    }

    fn time_into(&self, seconds: i64, out: &mut Vec<u8>) {
        match Timestamp::from_second(seconds) {
            Ok(time) => {
                let local = time.to_zoned(self.zone.clone());
                out.extend_from_slice(local.strftime("%Y-%m-%d %H:%M").to_string().as_bytes());
            }
            Err(_) => out.extend_from_slice(b"????-??-?? ??:??"),
        }
    }
}

/// The target of the symbolic link `entry`, as stored in the link.
pub fn link_target(entry: &Entry<'_>) -> Option<Vec<u8>> {
    let (dir, name) = entry.parent_and_name();
    dir.read_link(name).ok()
}

/// `drwxr-sr-t`: the type, then read, write and execute for user, group and others,
/// with setuid, setgid and sticky as `s`/`t` (`S`/`T` without the execute bit).
fn mode_string(mode: u32, out: &mut Vec<u8>) {
    out.push(match FileType::from_mode(mode) {
        FileType::File => b'-',
        FileType::Dir => b'd',
        FileType::Symlink => b'l',
        FileType::Fifo => b'p',
        FileType::Socket => b's',
        FileType::CharDevice => b'c',
        FileType::BlockDevice => b'b',
        FileType::Unknown => b'?',
    });
    for (shift, special, letter) in [(6, 0o4000, b's'), (3, 0o2000, b's'), (0, 0o1000, b't')] {
        let bits = (mode >> shift) & 0o7;
        out.push(if bits & 0o4 != 0 { b'r' } else { b'-' });
        out.push(if bits & 0o2 != 0 { b'w' } else { b'-' });
        out.push(match (mode & special != 0, bits & 0o1 != 0) {
            (true, true) => letter,
            (true, false) => letter.to_ascii_uppercase(),
            (false, true) => b'x',
            (false, false) => b'-',
        });
    }
}

/// Bytes (or with `human`, [`human_size`]), or `major, minor` for a device.
fn size_field(meta: &Metadata, human: bool) -> String {
    match meta.file_type() {
        FileType::CharDevice | FileType::BlockDevice => {
            let (major, minor) = crate::platform::device_numbers(meta.rdev());
            format!("{major}, {minor}")
        }
        _ if human => human_size(meta.len()),
        _ => meta.len().to_string(),
    }
}

/// Escapes what was appended to `out` since `start`, when `escape` is set.
fn escape_from(out: &mut Vec<u8>, start: usize, escape: bool) {
    if escape && !out[start..].iter().all(|b| (0x20..0x7f).contains(b)) {
        let raw = out.split_off(start);
        escape_into(&raw, out);
    }
}

/// A size as GNU `ls -lh` prints it: bytes below 1024; else in the largest power of
/// 1024 that leaves at least 1, rounded up, with one decimal below 10 (`1.1K` for 1025
/// bytes) and none from 10 (`10K`), moving to the next unit when rounding reaches 1024.
fn human_size(bytes: u64) -> String {
    const UNITS: &[u8] = b"KMGTPE";
    let bytes = u128::from(bytes);
    if bytes < 1024 {
        return bytes.to_string();
    }
    let mut unit = 0;
    let mut base: u128 = 1024;
    while unit + 1 < UNITS.len() && bytes >= base * 1024 {
        base *= 1024;
        unit += 1;
    }
    let tenths = bytes * 10 / base + u128::from(bytes * 10 % base != 0);
    if tenths < 100 {
        return format!("{}.{}{}", tenths / 10, tenths % 10, UNITS[unit] as char);
    }
    let whole = bytes / base + u128::from(bytes % base != 0);
    if whole >= 1024 && unit + 1 < UNITS.len() {
        return format!("1.0{}", UNITS[unit + 1] as char);
    }
    format!("{whole}{}", UNITS[unit] as char)
}

/// Appends `text` right-aligned in `width` columns (at least one space before it).
fn pad_left(out: &mut Vec<u8>, text: &[u8], width: usize) {
    out.extend(std::iter::repeat_n(
        b' ',
        width.saturating_sub(text.len()).max(1),
    ));
    out.extend_from_slice(text);
}

/// Pads what was appended since `start` to `width` columns.
fn pad_right(out: &mut Vec<u8>, start: usize, width: usize) {
    let len = out.len() - start;
    out.extend(std::iter::repeat_n(b' ', width.saturating_sub(len)));
}

#[cfg(test)]
mod tests {
    use super::{human_size, mode_string};

    #[test]
    fn human_sizes_are_ls_ones() {
        for (bytes, shown) in [
            (0, "0"),
            (1023, "1023"),
            (1024, "1.0K"),
            (1025, "1.1K"),
            (10_239, "10K"),
            (10_240, "10K"),
            (10_241, "11K"),
            (1_048_575, "1.0M"),
            (1_048_576, "1.0M"),
            (5 << 30, "5.0G"),
            (u64::MAX, "16E"),
        ] {
            assert_eq!(human_size(bytes), shown, "{bytes}");
        }
    }

    fn mode(bits: u32) -> String {
        let mut out = Vec::new();
        mode_string(bits, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn mode_strings_are_ls_ones() {
        assert_eq!(mode(0o100644), "-rw-r--r--");
        assert_eq!(mode(0o040755), "drwxr-xr-x");
        assert_eq!(mode(0o041777), "drwxrwxrwt");
        assert_eq!(mode(0o041776), "drwxrwxrwT");
        assert_eq!(mode(0o104755), "-rwsr-xr-x");
        assert_eq!(mode(0o102644), "-rw-r-Sr--");
        assert_eq!(mode(0o120777), "lrwxrwxrwx");
        assert_eq!(mode(0o010600), "prw-------");
        assert_eq!(mode(0o020620), "crw--w----");
    }
}
