//! Paths as bytes, and back. The walker hands out paths as bytes: on Unix a name's own
//! bytes, on Windows the standard library's encoded bytes of an `OsStr` (WTF-8, which
//! is UTF-8 for every name that is valid UTF-16). [`os_str`] and [`os_string`] turn
//! them back into what the standard library opens.

#[cfg(unix)]
mod unix {
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
}
#[cfg(unix)]
pub use unix::{os_str, os_string};

#[cfg(windows)]
mod windows {
    use std::ffi::{OsStr, OsString};

    /// The `OsStr` whose encoded bytes are `bytes`. pfind's paths are built only from
    /// encoded bytes of `OsStr`s (roots, names read from directories) joined with ASCII
    /// (`/`), which the standard library guarantees to be valid; `bytes` is also checked
    /// to be well-formed WTF-8 first, and anything else (which no path can hold) becomes
    /// U+FFFD rather than reach an unsafe conversion.
    pub fn os_str(bytes: &[u8]) -> &OsStr {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return OsStr::new(text);
        }
        if !is_wtf8(bytes) {
            return OsStr::new("\u{FFFD}");
        }
        // SAFETY: `bytes` is well-formed WTF-8, built from `OsStr::as_encoded_bytes` of
        // names and roots and from UTF-8, split and joined only at ASCII bytes: the
        // contract of `from_encoded_bytes_unchecked`.
        unsafe { OsStr::from_encoded_bytes_unchecked(bytes) }
    }

    /// The `OsString` whose encoded bytes are `bytes` (see [`os_str`]).
    pub fn os_string(bytes: Vec<u8>) -> OsString {
        match String::from_utf8(bytes) {
            Ok(text) => OsString::from(text),
            Err(err) => os_str(err.as_bytes()).to_owned(),
        }
    }

    /// True when `bytes` is well-formed WTF-8: UTF-8 in which code points of the surrogate
    /// range may appear alone, but a lead surrogate is never directly followed by a trail
    /// surrogate (that pair is written as one four-byte character).
    fn is_wtf8(bytes: &[u8]) -> bool {
        let mut at = 0;
        let mut after_lead = false;
        while at < bytes.len() {
            let first = bytes[at];
            let (len, min) = match first {
                0x00..=0x7F => (1, 0),
                0xC2..=0xDF => (2, 0x80),
                0xE0..=0xEF => (3, 0x800),
                0xF0..=0xF4 => (4, 0x10000),
                _ => return false,
            };
            let Some(sequence) = bytes.get(at..at + len) else {
                return false;
            };
            let mut code = u32::from(first) & (0x7F >> len);
            for &byte in &sequence[1..] {
                if byte & 0xC0 != 0x80 {
                    return false;
                }
                code = (code << 6) | u32::from(byte & 0x3F);
            }
            if len > 1 && (code < min || code > 0x10FFFF) {
                return false;
            }
            let lead = (0xD800..0xDC00).contains(&code);
            let trail = (0xDC00..0xE000).contains(&code);
            if after_lead && trail {
                return false;
            }
            after_lead = lead;
            at += len;
        }
        true
    }

    #[cfg(test)]
    mod tests {
        use super::{is_wtf8, os_str};
        use std::ffi::OsString;
        use std::os::windows::ffi::OsStringExt;

        #[test]
        fn encoded_bytes_of_any_name_turn_back_into_the_name() {
            for wide in [
                &[0x61, 0x62][..],
                &[0xD83D, 0xDE00],
                &[0xD800],
                &[0x61, 0xDC00, 0x62],
                &[0xD800, 0x61, 0xDFFF],
            ] {
                let name = OsString::from_wide(wide);
                let bytes = name.as_encoded_bytes();
                assert!(is_wtf8(bytes), "{wide:x?}");
                assert_eq!(os_str(bytes), name.as_os_str());
            }
        }

        #[test]
        fn malformed_bytes_never_reach_the_unsafe_conversion() {
            // A surrogate pair spelled as two three-byte sequences, a lone continuation
            // byte, a truncated sequence, an over-long one.
            for bytes in [
                &b"\xED\xA0\xBD\xED\xB8\x80"[..],
                b"\x80",
                b"\xE2\x82",
                b"\xC0\xAF",
            ] {
                assert!(!is_wtf8(bytes), "{bytes:x?}");
                assert_eq!(os_str(bytes), "\u{FFFD}");
            }
        }
    }
}
#[cfg(windows)]
pub use windows::{os_str, os_string};
