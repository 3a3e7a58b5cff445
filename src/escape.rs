//! How names (and any bytes from outside: paths, patterns, arguments, user and group
//! names) are shown on a terminal or in a message, so that a crafted name can neither
//! send escape sequences to the terminal, nor break a message line, nor display as
//! another name.
//!
//! Escaped, in one style everywhere (results on a terminal, error messages, the
//! `--progress` line), with lowercase hex digits:
//! - control characters (General_Category=Cc): `\n`, `\t`, `\r`, `\x1b` (C0 and DEL),
//!   `\u{85}` (C1);
//! - every format character (General_Category=Cf: the bidirectional controls, the
//!   zero-width characters, the soft hyphen, tag characters, ...) and every
//!   default-ignorable code point (Default_Ignorable_Code_Point: variation selectors,
//!   Hangul fillers, the combining grapheme joiner, and the code points Unicode keeps
//!   for more of them): characters that reorder text or that a terminal shows as
//!   nothing, so that two different names never look the same: `\u{202e}`;
//! - the line and paragraph separators (U+2028, U+2029);
//! - bytes that are not UTF-8: `\xff`.
//!
//! Everything else, letters of any script included, is kept as it is. The Cf and
//! default-ignorable sets are not a list kept here: they come from the Unicode tables
//! of the regex parser pfind already uses (`regex-syntax`, generated from the Unicode
//! Character Database), read once, the first time a character outside ASCII is met.

use std::io::Write;
use std::sync::OnceLock;

/// True for a character that must not reach a terminal as it is.
pub fn needs_escape(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_invisible(c)
}

/// True for a format character (Cf) or a default-ignorable code point.
fn is_invisible(c: char) -> bool {
    invisible_ranges()
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The sorted, disjoint ranges of `[\p{Cf}\p{Default_Ignorable_Code_Point}]`.
fn invisible_ranges() -> &'static [(char, char)] {
    static RANGES: OnceLock<Vec<(char, char)>> = OnceLock::new();
    RANGES.get_or_init(|| {
        use regex_syntax::hir::{Class, HirKind};
        let parsed = regex_syntax::ParserBuilder::new()
            .build()
            .parse(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]");
        match parsed.as_ref().map(|hir| hir.kind()) {
            Ok(HirKind::Class(Class::Unicode(class))) => class
                .ranges()
                .iter()
                .map(|range| (range.start(), range.end()))
                .collect(),
            // Cannot happen with the Unicode features this crate asks for (a unit
            // test checks the table): nothing beyond controls would be escaped.
            _ => Vec::new(),
        }
    })
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
                    c if c.is_ascii_control() => write!(out, "\\x{:02x}", c as u32),
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

/// Appends JSON text (valid UTF-8, as a JSON writer makes it) to `out` with every
/// character that [`needs_escape`] written as a JSON escape (`\u007f`, `\u202e`, a
/// surrogate pair `\udb40\udc01` above U+FFFF). JSON's structure is ASCII and its
/// writer already escapes C0 controls, so such a character can only stand inside a
/// string, where the escape means the same character: the text stays valid JSON with
/// the same value.
pub fn escape_json_into(json: &str, out: &mut Vec<u8>) {
    if !json.chars().any(needs_escape) {
        out.extend_from_slice(json.as_bytes());
        return;
    }
    let mut units = [0u16; 2];
    for c in json.chars() {
        if needs_escape(c) {
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            let mut utf8 = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_json_into, invisible_ranges, needs_escape};

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

    /// Issue 20.11: tag characters, the soft hyphen, the combining grapheme joiner,
    /// the Mongolian vowel separator, the deprecated format characters, the
    /// interlinear annotation characters, the Hangul fillers and the variation
    /// selectors reached the terminal as they are, so `a\u{e0041}b` looked like `ab`.
    #[test]
    fn regression_every_format_and_default_ignorable_character_is_escaped() {
        let named = [
            0xad, 0x34f, 0x115f, 0x1160, 0x17b4, 0x180b, 0x180e, 0x180f, 0x2065, 0x206a, 0x206f,
            0x3164, 0xfe00, 0xfe0f, 0xffa0, 0xfff9, 0xfffb, 0x110bd, 0x13430, 0x1d173, 0xe0000,
            0xe0001, 0xe0041, 0xe007f, 0xe0100, 0xe01ef, 0xe0fff,
        ];
        for code in named {
            let c = char::from_u32(code).unwrap();
            assert!(needs_escape(c), "U+{code:04X}");
            assert_eq!(
                escape(format!("a{c}b").as_bytes()),
                format!(r"a\u{{{code:x}}}b")
            );
        }
        // Around them, ordinary characters are not escaped: joiners between letters
        // of a script that needs them are (U+200C, U+200D), the letters are not.
        for c in [
            'a',
            '\u{e9}',
            '\u{34e}',
            '\u{fdff}',
            '\u{e1000}',
            '\u{1f600}',
        ] {
            assert!(!needs_escape(c), "{c:?}");
        }
    }

    /// The table is the union of Unicode's Cf and Default_Ignorable_Code_Point sets,
    /// sorted and disjoint, as the binary search needs.
    #[test]
    fn the_invisible_table_is_sorted_disjoint_and_covers_both_sets() {
        let ranges = invisible_ranges();
        assert!(ranges.len() > 20, "{ranges:?}");
        for pair in ranges.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
        for (name, class) in [
            ("Cf", r"\p{Cf}"),
            ("DI", r"\p{Default_Ignorable_Code_Point}"),
        ] {
            let hir = regex_syntax::parse(class).unwrap();
            let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(set)) =
                hir.kind()
            else {
                panic!("{name} is not a class");
            };
            for range in set.ranges() {
                for c in [range.start(), range.end()] {
                    assert!(needs_escape(c), "{name}: {c:?}");
                }
            }
        }
    }

    #[test]
    fn json_text_keeps_its_value_with_invisible_characters_escaped() {
        let mut out = Vec::new();
        let json = "{\"path\":\"a\u{7f}\u{9b}\u{202e}\u{e0041}\u{e9}\"}";
        escape_json_into(json, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"{"path":"a\u007f\u009b\u202e\udb40\udc41"#.to_owned() + "\u{e9}\"}"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let original: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value, original);
    }
}
