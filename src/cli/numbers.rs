//! Value parsers for the options that take a plain number (depths, counts, threads),
//! so that a bad one reads like every other error (`--max-depth -1: ...`) instead of
//! Rust's "invalid digit found in string". The depth options take values that start
//! with `-` (so that `-d -1` reaches this parser, not clap's "a value is required").

use pfind_walk::MAX_THREADS;

/// A whole number, 0 or more.
pub fn count(text: &str) -> Result<u64, String> {
    if text.starts_with('-') && text[1..].bytes().all(|b| b.is_ascii_digit()) && text.len() > 1 {
        return Err("must be 0 or more".to_owned());
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a number (0, 1, 2, ...)".to_owned());
    }
    text.parse().map_err(|_| "too large".to_owned())
}

/// A depth: 0 or more.
pub fn depth(text: &str) -> Result<usize, String> {
    let depth = count(text)?;
    usize::try_from(depth).map_err(|_| "too large".to_owned())
}

/// A number of threads, 1 to [`MAX_THREADS`].
pub fn threads(text: &str) -> Result<usize, String> {
    match depth(text) {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!("not a number of threads from 1 to {MAX_THREADS}")),
    }
}

#[cfg(test)]
mod tests {
    use super::{count, depth, threads};

    #[test]
    fn numbers() {
        assert_eq!(count("12"), Ok(12));
        assert_eq!(depth("0"), Ok(0));
        assert_eq!(count("-1"), Err("must be 0 or more".to_owned()));
        assert!(count("epth").is_err());
        assert!(count("").is_err());
        assert!(count("+1").is_err());
        assert!(count("99999999999999999999999").is_err());
        assert_eq!(threads("4"), Ok(4));
        assert!(threads("0").is_err());
        assert!(threads("1025").is_err());
    }
}
