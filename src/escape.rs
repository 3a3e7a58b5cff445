//! How names (and any bytes from outside: paths, patterns, arguments) are shown on a
//! terminal or in a message, so that a crafted name can neither send escape sequences
//! to the terminal, nor break a message line, nor display as another name.
//!
//! Escaped, in one style everywhere (results on a terminal, error messages, the
//! `--progress` line), with lowercase hex digits:
//! - control characters: `\n`, `\t`, `\r`, `\x1b` (C0 and DEL), `\u{85}` (C1);
//! - characters that reorder or hide text: the bidirectional controls (U+061C,
//!   U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), zero-width and invisible
//!   characters (U+200B-U+200D, U+2060-U+2064, U+FEFF) and the line and paragraph
//!   separators (U+2028, U+2029): `\u{202e}`;
//! - bytes that are not UTF-8: `\xff`.
//!
//! Everything else, letters of any script included, is kept as it is.

use std::io::Write;

/// True for a character that must not reach a terminal as it is.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Appends `bytes` to `out`, escaped as described in the module documentation.
pub fn escape_into(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if !valid.chars().any(needs_escape) {
            out.extend_from_slice(valid.as_bytes());
        } else {
            for c in valid.chars() {
                let _ = match c {
                    '\n' => write!(out, "\\n"),
                    '\t' => write!(out, "\\t"),
                    '\r' => write!(out, "\\r"),
                    c if (c as u32) < 0x80 && c.is_control() => write!(out, "\\x{:02x}", c as u32),
                    c if needs_escape(c) => write!(out, "\\u{{{:x}}}", c as u32),
                    c => write!(out, "{c}"),
                };
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
}

/// `bytes` escaped, as a string (always valid UTF-8).
pub fn escape(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    escape_into(bytes, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn controls_and_invalid_utf8_are_escaped_in_lowercase() {
        assert_eq!(
            escape(b"plain/\xc3\xa9t\xc3\xa9 x"),
            "plain/\u{e9}t\u{e9} x"
        );
        assert_eq!(escape(b"a\nb\tc\rd"), r"a\nb\tc\rd");
        assert_eq!(escape(b"\x1b]0;owned\x07\x7f"), r"\x1b]0;owned\x07\x7f");
        assert_eq!(escape(b"bad\xff\xfe"), r"bad\xff\xfe");
        assert_eq!(escape("c1\u{9b}2J".as_bytes()), r"c1\u{9b}2J");
    }

    #[test]
    fn bidirectional_and_invisible_characters_are_escaped() {
        assert_eq!(
            escape("invoice\u{202e}fdp.exe".as_bytes()),
            r"invoice\u{202e}fdp.exe"
        );
        for c in [
            '\u{61c}', '\u{200b}', '\u{200d}', '\u{2029}', '\u{2066}', '\u{feff}',
        ] {
            assert!(
                escape(c.to_string().as_bytes()).starts_with(r"\u{"),
                "{c:?}"
            );
        }
        // Letters and symbols of other scripts are not.
        assert_eq!(
            escape("\u{4e2d}\u{5d0}\u{1f600}".as_bytes()),
            "\u{4e2d}\u{5d0}\u{1f600}"
        );
    }
}
