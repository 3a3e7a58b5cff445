//! The oracle for globs and case folding, written plainly (recursion over units):
//! fnmatch as GNU find calls it in a UTF-8 locale (glibc 2.36), plus pfind's globstar.
//!
//! When the pattern and the text are both valid UTF-8, fnmatch matches them character
//! by character; when that fails, or either is not valid UTF-8, byte by byte (never a
//! mix of the two). `*` and `?` cross `/` (find's -path has no FNM_PATHNAME). With case
//! folding, both sides are lowered first: whole characters when decoded, ASCII letters
//! when read as bytes. `**/` at the start of a component matches zero or more
//! directories (pfind's extension; find reads it as `*/`, see [`has_globstar`]).

/// The characters of `s`, lowered when `fold`.
fn chars(s: &str, fold: bool) -> Vec<u32> {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (fold, lower.next(), lower.next()) {
                (true, Some(l), None) => u32::from(l),
                _ => u32::from(c),
            }
        })
        .collect()
}

/// The bytes of `s`, ASCII-lowered when `fold`.
fn bytes(s: &[u8], fold: bool) -> Vec<u32> {
    s.iter()
        .map(|&b| u32::from(if fold { b.to_ascii_lowercase() } else { b }))
        .collect()
}

/// True when `test` holds for the pattern and the text read as characters (both
/// valid UTF-8) or, failing that, as bytes.
fn chars_or_bytes(
    pattern: &[u8],
    text: &[u8],
    fold: bool,
    test: impl Fn(&[u32], &[u32]) -> bool,
) -> bool {
    let by_chars = match (std::str::from_utf8(pattern), std::str::from_utf8(text)) {
        (Ok(p), Ok(t)) => test(&chars(p, fold), &chars(t, fold)),
        _ => false,
    };
    by_chars || test(&bytes(pattern, fold), &bytes(text, fold))
}

/// True when the glob `pattern` matches the whole of `text` (as `find -path`, or
/// `-name` on a name), case-folded when `fold` (`-ipath`, `-iname`).
pub fn fnmatch(pattern: &[u8], text: &[u8], fold: bool) -> bool {
    chars_or_bytes(pattern, text, fold, |pattern, text| {
        matches(pattern, text, true)
    })
}

/// True when `needle` occurs in `text`, case-folded (find's `-ipath '*NEEDLE*'`).
pub fn contains_folded(text: &[u8], needle: &[u8]) -> bool {
    chars_or_bytes(needle, text, true, |needle, text| {
        needle.is_empty() || text.windows(needle.len()).any(|w| w == needle)
    })
}

/// True when `pattern` holds a globstar (which find does not have).
#[cfg(unix)]
pub fn has_globstar(pattern: &[u8]) -> bool {
    pattern.windows(3).any(|w| w == b"**/")
}

const STAR: u32 = b'*' as u32;
const SLASH: u32 = b'/' as u32;

fn matches(pattern: &[u32], text: &[u32], component_start: bool) -> bool {
    let Some((&first, rest)) = pattern.split_first() else {
        return text.is_empty();
    };
    match char::from_u32(first).unwrap_or('\0') {
        '*' => {
            let run = 1 + rest.iter().take_while(|&&u| u == STAR).count();
            let after = &pattern[run..];
            if run > 1 && component_start && after.first() == Some(&SLASH) {
                // Zero directories, or any text up to and including a `/`.
                let after = &after[1..];
                return matches(after, text, true)
                    || (1..=text.len())
                        .filter(|&end| text[end - 1] == SLASH)
                        .any(|end| matches(after, &text[end..], true));
            }
            (0..=text.len()).any(|skip| matches(after, &text[skip..], false))
        }
        '?' => !text.is_empty() && matches(rest, &text[1..], false),
        '[' => match bracket(rest) {
            Some((members, after)) => text
                .split_first()
                .is_some_and(|(&c, tail)| members(c) && matches(after, tail, false)),
            None => literal(first, rest, text),
        },
        '\\' => match rest.split_first() {
            Some((&escaped, rest)) => literal(escaped, rest, text),
            None => false,
        },
        _ => literal(first, rest, text),
    }
}

fn literal(unit: u32, rest: &[u32], text: &[u32]) -> bool {
    text.first() == Some(&unit) && matches(rest, &text[1..], unit == SLASH)
}

type Members<'a> = Box<dyn Fn(u32) -> bool + 'a>;

/// A bracket expression after its `[`: whether a unit is selected, and the rest of the
/// pattern; `None` when there is no closing `]`. Members: units, `\`-escaped units,
/// ranges; `!` or `^` first negates; `]` first is a member.
fn bracket(after_open: &[u32]) -> Option<(Members<'_>, &[u32])> {
    let is = |i: usize, c: u8| after_open.get(i) == Some(&u32::from(c));
    let negated = is(0, b'!') || is(0, b'^');
    let mut i = usize::from(negated);
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    let mut first = true;
    loop {
        if is(i, b']') && !first {
            break;
        }
        first = false;
        let (low, len) = unit_at(&after_open[i..])?;
        i += len;
        let mut high = low;
        if is(i, b'-') && !is(i + 1, b']') && after_open.get(i + 1).is_some() {
            let (end, len) = unit_at(&after_open[i + 1..])?;
            high = end;
            i += 1 + len;
        }
        ranges.push((low, high));
    }
    let members: Members<'_> =
        Box::new(move |c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != negated);
    Some((members, &after_open[i + 1..]))
}

fn unit_at(units: &[u32]) -> Option<(u32, usize)> {
    match units {
        [] => None,
        [backslash, escaped, ..] if *backslash == u32::from(b'\\') => Some((*escaped, 2)),
        [backslash] if *backslash == u32::from(b'\\') => None,
        [unit, ..] => Some((*unit, 1)),
    }
}

#[test]
fn fnmatch_oracle_follows_find_in_a_utf8_locale() {
    assert!(fnmatch(b"*", b"a/b", false));
    assert!(fnmatch(b"a?c", b"a/c", false));
    assert!(fnmatch(b"[]a]x", b"]x", false));
    assert!(fnmatch(b"[!a]", b"b", false) && !fnmatch(b"[!a]", b"a", false));
    assert!(fnmatch(b"[a-c]", b"b", false) && !fnmatch(b"[a-c]", b"d", false));
    assert!(fnmatch(b"\\*", b"*", false) && !fnmatch(b"\\*", b"a", false));
    assert!(fnmatch(b"[", b"[", false) && fnmatch(b"a{b}", b"a{b}", false));
    assert!(!fnmatch(b"\\", b"\\", false));
    // Characters on UTF-8 text, bytes on any other.
    assert!(fnmatch(b"?", "é".as_bytes(), false));
    assert!(
        fnmatch(b"??", "é".as_bytes(), false),
        "bytes after characters"
    );
    assert!(!fnmatch(b"???", "éé".as_bytes(), false), "never a mix");
    assert!(fnmatch(b"???", b"\xc3\xa9\xff", false));
    assert!(fnmatch("É".as_bytes(), "é".as_bytes(), true));
    assert!(!fnmatch("É\u{ff}".as_bytes(), b"\xc3\xa9\xff", true));
    assert!(contains_folded("xÉy".as_bytes(), "é".as_bytes()));
    // The globstar.
    assert!(fnmatch(b"**/one/**/*.foo", b"one/b.foo", false));
    assert!(fnmatch(b"a/**/b", b"a/b", false) && !fnmatch(b"a/*/b", b"a/b", false));
}
