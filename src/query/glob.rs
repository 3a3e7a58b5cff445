//! find's glob dialect, as `-path` and `-name` match with fnmatch in a UTF-8 locale,
//! plus the globstar `**/`, compiled to regular expressions.
//!
//! The dialect: `*` matches any run of characters, `/` included (find's `-path`); `?`
//! one character; `[...]` one character of a set (`!` or `^` first negates, `]` first
//! is a member, ranges `a-z`, classes `[:alpha:]`, `[=c=]`, `[.c.]`); `\` makes the
//! next character literal; braces are literal. As in fnmatch, a `[` without its `]` is
//! a literal `[`, and a trailing `\` matches nothing. pfind adds one thing, from
//! gitignore and fd: `**/` at the start of a component matches zero or more
//! directories (`a/**/b` matches `a/b`); any other run of `*` is one `*`.
//!
//! Characters, not bytes, as GNU find matches in a UTF-8 locale (glibc 2.36's
//! fnmatch, the oracle the tests run): when the pattern and the text are both valid
//! UTF-8 they are matched character by character, so `?` matches `é`; when that fails,
//! or either is not valid UTF-8, they are matched byte by byte (so `?` matches one byte
//! of a name that is not UTF-8, and `??` also matches `é`). Case folding is Unicode's
//! on characters, ASCII's on bytes. So each pattern compiles to a byte-wise regex and,
//! when the readings can differ, a character-wise one: [`CharsOrBytes`].

use regex::bytes::{Regex, RegexBuilder};

/// A pattern as fnmatch reads it in a UTF-8 locale: character by character on text
/// that is valid UTF-8, then (or else) byte by byte.
#[derive(Clone, Debug)]
pub(crate) struct CharsOrBytes {
    bytes: Regex,
    /// `None` when both readings agree, or the pattern is not UTF-8: then `bytes`
    /// serves all text.
    chars: Option<Regex>,
    /// Whether a byte-wise match can succeed where the character-wise one failed on
    /// UTF-8 text: only when a `?` or a bracket may take one byte of a character.
    bytes_after_chars: bool,
}

impl CharsOrBytes {
    /// True when the pattern matches `text`.
    pub(crate) fn is_match(&self, text: &[u8]) -> bool {
        match &self.chars {
            Some(chars) if std::str::from_utf8(text).is_ok() => {
                chars.is_match(text) || (self.bytes_after_chars && self.bytes.is_match(text))
            }
            _ => self.bytes.is_match(text),
        }
    }

    /// `QUERY` anywhere in the text, case-insensitively (find's `-ipath '*QUERY*'`):
    /// Unicode case folding on UTF-8 text, ASCII folding on any other.
    pub(crate) fn folded_substring(text: &[u8]) -> Result<CharsOrBytes, regex::Error> {
        let mut bytes = String::from("(?i-u)");
        for &byte in text {
            push_byte(&mut bytes, byte);
        }
        let chars = match std::str::from_utf8(text) {
            Ok(text) => Some(build(&format!("(?i){}", regex::escape(text)))?),
            Err(_) => None,
        };
        Ok(CharsOrBytes {
            bytes: build(&bytes)?,
            chars,
            bytes_after_chars: false,
        })
    }
}

/// Compiles `glob`, matched against the whole text.
pub(crate) fn compile(glob: &[u8], ignore_case: bool) -> Result<CharsOrBytes, regex::Error> {
    let units: Vec<u32> = glob.iter().map(|&b| u32::from(b)).collect();
    let bytes = build(&translate(&units, Reading::Bytes, ignore_case))?;
    // Without `?` or a bracket, a byte-wise match on UTF-8 text is a character-wise one.
    let bytes_after_chars = glob.contains(&b'?') || glob.contains(&b'[');
    let chars = match std::str::from_utf8(glob) {
        Ok(text) if ignore_case || bytes_after_chars => {
            let units: Vec<u32> = text.chars().map(u32::from).collect();
            Some(build(&translate(&units, Reading::Chars, ignore_case))?)
        }
        _ => None,
    };
    Ok(CharsOrBytes {
        bytes,
        chars,
        bytes_after_chars,
    })
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).size_limit(64 << 20).build()
}

/// How the pattern's units (and the text) are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Units are characters; the regex runs in Unicode mode.
    Chars,
    /// Units are bytes; the regex runs with Unicode off.
    Bytes,
}

/// A regex that never matches (an empty class).
const NEVER: &str = "[a&&b]";

/// The regex for the glob made of `units` (characters or bytes), anchored at both ends.
fn translate(units: &[u32], reading: Reading, ignore_case: bool) -> String {
    let mut out = String::from(match (reading, ignore_case) {
        (Reading::Chars, false) => "(?s)",
        (Reading::Chars, true) => "(?si)",
        (Reading::Bytes, false) => "(?s-u)",
        (Reading::Bytes, true) => "(?si-u)",
    });
    out.push_str(r"\A(?:");
    let mut i = 0;
    // At the start of the pattern or right after a `/`: where `**/` is a globstar.
    let mut component_start = true;
    while let Some(&unit) = units.get(i) {
        let at_component_start = std::mem::replace(&mut component_start, false);
        i += 1;
        match char::from_u32(unit).unwrap_or('\0') {
            '*' => {
                let run = 1 + units[i..]
                    .iter()
                    .take_while(|&&u| u == u32::from('*'))
                    .count();
                i += run - 1;
                if run > 1 && at_component_start && units.get(i) == Some(&u32::from('/')) {
                    i += 1;
                    out.push_str("(?:.*/)?");
                    component_start = true;
                } else {
                    out.push_str(".*");
                }
            }
            '?' => out.push('.'),
            '[' => match Bracket::parse(&units[i..]) {
                Some((bracket, len)) => {
                    i += len;
                    bracket.push_regex(&mut out, reading, ignore_case);
                }
                None => push_unit(&mut out, unit, reading),
            },
            '\\' => match units.get(i) {
                Some(&next) => {
                    i += 1;
                    push_unit(&mut out, next, reading);
                    component_start = next == u32::from('/');
                }
                None => out.push_str(NEVER),
            },
            _ => {
                push_unit(&mut out, unit, reading);
                component_start = unit == u32::from('/');
            }
        }
    }
    out.push_str(r")\z");
    out
}

/// Appends `unit` as a literal (also valid inside a regex class).
fn push_unit(out: &mut String, unit: u32, reading: Reading) {
    match (reading, char::from_u32(unit)) {
        (Reading::Chars, Some(c)) => {
            let mut buffer = [0; 4];
            out.push_str(&regex::escape(c.encode_utf8(&mut buffer)));
        }
        _ => push_byte(out, unit as u8),
    }
}

fn push_byte(out: &mut String, byte: u8) {
    out.push_str(&format!(r"\x{byte:02X}"));
}

/// One `[...]` expression.
struct Bracket {
    negated: bool,
    items: Vec<Item>,
}

/// A member of a bracket expression.
enum Item {
    Unit(u32),
    Range(u32, u32),
    /// `[:name:]`, a known class.
    Class(&'static str),
    /// `[:name:]` with a name fnmatch does not know: the bracket matches nothing.
    UnknownClass,
}

/// One member as written: a unit (escaped or not, or `[=c=]`, `[.c.]`) or a class.
enum Member {
    Unit(u32),
    Item(Item),
}

/// The POSIX classes fnmatch knows, each as the members of a regex class when reading
/// characters (approximating glibc's UTF-8 ctype) and bytes (ASCII, as in C.UTF-8).
const CLASSES: &[(&str, &str, &str)] = &[
    ("alnum", r"\p{Alphabetic}0-9", "[:alnum:]"),
    ("alpha", r"\p{Alphabetic}", "[:alpha:]"),
    ("blank", r"\t\p{Zs}", "[:blank:]"),
    ("cntrl", r"\p{Cc}", "[:cntrl:]"),
    ("digit", "0-9", "[:digit:]"),
    ("graph", r"\p{L}\p{M}\p{N}\p{P}\p{S}", "[:graph:]"),
    ("lower", r"\p{Lowercase}", "[:lower:]"),
    ("print", r"\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}", "[:print:]"),
    ("punct", r"\p{P}\p{S}", "[:punct:]"),
    ("space", r"\p{White_Space}", "[:space:]"),
    ("upper", r"\p{Uppercase}", "[:upper:]"),
    ("xdigit", "0-9A-Fa-f", "[:xdigit:]"),
];

impl Bracket {
    /// Parses the expression after its `[`: the bracket and the units it took, its `]`
    /// included; `None` when it has no `]` (the `[` is then a literal).
    fn parse(units: &[u32]) -> Option<(Bracket, usize)> {
        let is = |i: usize, c: char| units.get(i) == Some(&u32::from(c));
        let negated = is(0, '!') || is(0, '^');
        let mut i = usize::from(negated);
        let mut items = Vec::new();
        let mut first = true;
        loop {
            if is(i, ']') && !first {
                return Some((Bracket { negated, items }, i + 1));
            }
            first = false;
            let (first_member, len) = member(&units[i..])?;
            i += len;
            let low = match first_member {
                Member::Item(item) => {
                    items.push(item);
                    continue;
                }
                Member::Unit(low) => low,
            };
            if is(i, '-') && units.get(i + 1).is_some_and(|&u| u != u32::from(']')) {
                if let (Member::Unit(high), len) = member(&units[i + 1..])? {
                    i += 1 + len;
                    // A range whose end comes first holds nothing.
                    if low <= high {
                        items.push(Item::Range(low, high));
                    }
                    continue;
                }
            }
            items.push(Item::Unit(low));
        }
    }

    /// Appends the regex for one character of the set.
    fn push_regex(&self, out: &mut String, reading: Reading, ignore_case: bool) {
        if self
            .items
            .iter()
            .any(|item| matches!(item, Item::UnknownClass))
        {
            out.push_str(NEVER);
            return;
        }
        let mut units = String::new();
        let mut classes = String::new();
        for item in &self.items {
            match *item {
                Item::Unit(unit) => push_unit(&mut units, unit, reading),
                Item::Range(low, high) => {
                    push_unit(&mut units, low, reading);
                    units.push('-');
                    push_unit(&mut units, high, reading);
                }
                Item::UnknownClass => {}
                Item::Class(name) => {
                    let (_, chars, bytes) = CLASSES
                        .iter()
                        .find(|(known, _, _)| *known == name)
                        .copied()
                        .unwrap_or_default();
                    classes.push_str(if reading == Reading::Chars {
                        chars
                    } else {
                        bytes
                    });
                }
            }
        }
        // fnmatch tests a class on the character as it is, even when folding case.
        let exact = if ignore_case { "(?-i:" } else { "(?:" };
        match (self.negated, units.is_empty(), classes.is_empty()) {
            (false, true, true) => out.push_str(NEVER),
            (false, false, true) => out.push_str(&format!("[{units}]")),
            (false, true, false) => out.push_str(&format!("{exact}[{classes}])")),
            (false, false, false) => out.push_str(&format!("(?:[{units}]|{exact}[{classes}]))")),
            (true, true, true) => out.push('.'),
            (true, _, true) => out.push_str(&format!("[^{units}]")),
            (true, _, false) => out.push_str(&format!("{exact}[^{units}{classes}])")),
        }
    }
}

/// Reads one member at the start of `units` and how many units it took; `None` at the
/// end of the pattern (the bracket is not closed).
fn member(units: &[u32]) -> Option<(Member, usize)> {
    let &first = units.first()?;
    let is = |i: usize, c: char| units.get(i) == Some(&u32::from(c));
    if first == u32::from('\\') {
        return units.get(1).map(|&next| (Member::Unit(next), 2));
    }
    if first != u32::from('[') {
        return Some((Member::Unit(first), 1));
    }
    if is(1, ':') {
        // A name of letters a to y (as glibc checks) closed by `:]`.
        let name_len = units[2..]
            .iter()
            .take_while(|&&u| (u32::from('a')..u32::from('z')).contains(&u))
            .count();
        if is(2 + name_len, ':') && is(3 + name_len, ']') {
            let name: String = units[2..2 + name_len]
                .iter()
                .filter_map(|&u| char::from_u32(u))
                .collect();
            let item = CLASSES
                .iter()
                .find(|(known, _, _)| *known == name)
                .map_or(Item::UnknownClass, |(known, _, _)| Item::Class(known));
            return Some((Member::Item(item), 4 + name_len));
        }
    }
    // `[=c=]` and `[.c.]`: in a UTF-8 locale, the character c itself.
    for delimiter in ['=', '.'] {
        if is(1, delimiter) && is(3, delimiter) && is(4, ']') {
            if let Some(&unit) = units.get(2) {
                return Some((Member::Unit(unit), 5));
            }
        }
    }
    Some((Member::Unit(first), 1))
}

#[cfg(test)]
mod tests {
    use super::compile;

    fn matches(glob: &str, text: &[u8]) -> bool {
        compile(glob.as_bytes(), false).unwrap().is_match(text)
    }

    #[test]
    fn question_mark_and_brackets_take_one_character_of_utf8_text() {
        assert!(matches("?", "é".as_bytes()));
        assert!(matches("?", "\u{202e}".as_bytes()));
        assert!(matches("?", "🦀".as_bytes()));
        assert!(matches("?.txt", "é.txt".as_bytes()));
        assert!(matches("[é]*", "é.txt".as_bytes()));
        assert!(matches("*[!a]", "aé".as_bytes()));
        assert!(!matches("*[!é]", "aé".as_bytes()));
        assert!(matches("[a-é]", "ä".as_bytes()));
        assert!(!matches("[!é]", "é".as_bytes()));
        assert!(
            !matches("???", "éé".as_bytes()),
            "characters or bytes, never mixed"
        );
    }

    #[test]
    fn utf8_text_that_fails_by_characters_is_tried_by_bytes() {
        // As glibc 2.36's fnmatch (GNU find) does.
        assert!(matches("??", "é".as_bytes()));
        assert!(matches("[!a][!a]a.", "éa.".as_bytes()));
        assert!(matches("[é][é]", "é".as_bytes()));
        assert!(!matches("[!é][!é]", "é".as_bytes()));
    }

    #[test]
    fn text_that_is_not_utf8_is_matched_byte_by_byte() {
        assert!(matches("?", b"\xff"));
        assert!(matches("a???", b"a\xff\xc3\xa9"));
        assert!(!matches("a??", b"a\xff\xc3\xa9"));
        assert!(matches("*[!\u{e9}]", b"x\xc3\xa9\xff"));
        assert!(!matches("x[é]?", b"x\xc3\xa9\xff"));
        // A pattern that is not UTF-8 reads everything as bytes.
        let glob = compile(b"\xff??", false).unwrap();
        assert!(glob.is_match(b"\xff\xc3\xa9"));
    }

    #[test]
    fn unclosed_brackets_are_literal_and_a_trailing_backslash_matches_nothing() {
        assert!(matches("[", b"["));
        assert!(matches("[a", b"[a") && !matches("[a", b"a"));
        assert!(matches("[*", b"[xyz"));
        assert!(matches("[[:alpha:]", b"[a"));
        assert!(matches("[]", b"[]"));
        assert!(!matches("\\", b"\\") && !matches("x\\", b"x\\"));
        assert!(!matches("[\\", b"[\\"));
        assert!(matches("\\\\", b"\\"));
    }

    #[test]
    fn bracket_members() {
        assert!(matches("a[]b]", b"ab") && matches("a[]b]", b"a]"));
        assert!(matches("[!]]", b"a") && !matches("[!]]", b"]"));
        assert!(matches("[^a]", b"b") && !matches("[^a]", b"a"));
        assert!(matches("[\\]]", b"]"));
        assert!(matches("[a-]", b"-") && matches("[-a]", b"-"));
        assert!(!matches("[z-a]", b"m"));
        assert!(matches("[[:upper:]]", "É".as_bytes()) && !matches("[[:upper:]]", b"e"));
        assert!(matches("[[=a=]]", b"a") && matches("[[.-.]]", b"-"));
        assert!(!matches("[[:nope:]]", b"n"));
        let upper = compile(b"[[:upper:]]", true).unwrap();
        assert!(
            upper.is_match(b"K") && !upper.is_match(b"k"),
            "classes ignore -i"
        );
    }

    #[test]
    fn star_crosses_slashes_and_globstar_matches_zero_or_more_directories() {
        assert!(matches("*", b"a/b"));
        assert!(matches("a?c", b"a/c"));
        assert!(matches("./**/*.foo", b"./a.foo"));
        assert!(matches("./**/*.foo", b"./x/y/a.foo"));
        assert!(matches("**/one/**/*.foo", b"one/b.foo"));
        assert!(matches("a/**/b", b"a/b") && matches("a/**/b", b"a/x/y/b"));
        assert!(matches("**/*", b"."), "zero directories, then anything");
        assert!(
            !matches("a**/b", b"ab/x"),
            "not at a component start: one star"
        );
        assert!(matches("a**/b", b"ax/y/b"));
        assert!(!matches("a\\**", b"ab") && matches("a\\**", b"a*xy"));
    }

    #[test]
    fn case_folding_is_unicode_on_utf8_text_and_ascii_on_other_text() {
        let glob = compile("*é*".as_bytes(), true).unwrap();
        assert!(glob.is_match("É".as_bytes()));
        assert!(
            !glob.is_match(b"\xc3\x89\xff"),
            "É then a bad byte: bytes, no folding"
        );
        assert!(glob.is_match(b"\xc3\xa9\xff"));
        let substring = super::CharsOrBytes::folded_substring("é".as_bytes()).unwrap();
        assert!(substring.is_match("xÉ".as_bytes()));
        assert!(!substring.is_match(b"\xc3\x89\xff"));
    }
}
