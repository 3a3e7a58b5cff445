//! Fuzzes the query compiler and matcher: any bytes in any syntax compile or fail with
//! a one-line error, never panic; a compiled query matches a path the same whether the
//! directory prefix was prepared (the per-directory shortcut) or not; a case-sensitive
//! substring agrees with a naive search.
//!
//! Input: byte 0 chooses syntax, case and target; the rest is `pattern \0 path`.
//! Run: `cargo +nightly fuzz run query_pattern -- -max_total_time=600`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pfind::query::{DirScope, Pattern, Query, Syntax, Target};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let syntax = match mode % 3 {
        0 => Syntax::Substring,
        1 => Syntax::Glob,
        _ => Syntax::Regex,
    };
    let ignore_case = mode & 4 != 0;
    let target = if mode & 8 != 0 { Target::Name } else { Target::Path };
    let (text, path) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &b""[..]),
    };
    let pattern = match Pattern::new(text, syntax, ignore_case) {
        Ok(pattern) => pattern,
        Err(err) => {
            let message = err.to_string();
            assert!(!message.is_empty());
            assert!(!message.contains('\n'), "multi-line error: {message:?}");
            return;
        }
    };
    let whole = pattern.is_match(path);
    if syntax == Syntax::Substring && !ignore_case {
        let naive = text.is_empty() || path.windows(text.len()).any(|w| w == text);
        assert_eq!(whole, naive, "substring {text:?} in {path:?}");
    }
    // Paths never hold NUL; names never hold '/'.
    if path.contains(&0) {
        return;
    }
    let name_start = path.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let query = Query::new(pattern.clone(), target);
    let mut scope = DirScope::default();
    query.enter_dir(&path[..name_start], &mut scope);
    let shortcut = query.is_match(path, name_start, &scope);
    let expected = match target {
        Target::Path => whole,
        Target::Name => pattern.is_match(&path[name_start..]),
    };
    assert_eq!(shortcut, expected, "{syntax:?} {text:?} on {path:?} at {name_start}");
});
