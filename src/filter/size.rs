//! `--size`: a regular file's size against a bound, parsed from `[+-]N[unit]`.
//!
//! Units are decimal (`b`, `k`, `m`, `g`, `t`: powers of 1000) or binary (`ki`, `mi`,
//! `gi`, `ti`: powers of 1024), case-insensitive; no unit means bytes. `+N` is "at least
//! N bytes", `-N` "at most", a bare `N` "exactly". In find's terms, `+N` is
//! `-size +(N-1)c`, `-N` is `-size -(N+1)c` and `N` is `-size Nc`, on `-type f`.

/// A bound on a file's size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeFilter {
    /// At least this many bytes (`+N`).
    AtLeast(u64),
    /// At most this many bytes (`-N`).
    AtMost(u64),
    /// Exactly this many bytes (`N`).
    Exactly(u64),
}

impl SizeFilter {
    /// True when a file of `len` bytes is within the bound.
    pub fn matches(self, len: u64) -> bool {
        match self {
            SizeFilter::AtLeast(n) => len >= n,
            SizeFilter::AtMost(n) => len <= n,
            SizeFilter::Exactly(n) => len == n,
        }
    }
}

/// Parses `[+-]N[unit]` (the value of `--size`).
pub fn parse_size(text: &str) -> Result<SizeFilter, String> {
    let (make, rest): (fn(u64) -> SizeFilter, &str) = match text.as_bytes().first() {
        Some(b'+') => (SizeFilter::AtLeast, &text[1..]),
        Some(b'-') => (SizeFilter::AtMost, &text[1..]),
        _ => (SizeFilter::Exactly, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = rest.split_at(digits);
    if number.is_empty() {
        return Err("not a size: [+-]N[UNIT], e.g. +10k or -1mi".to_owned());
    }
    let multiplier: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" => 1000,
        "m" => 1000u64.pow(2),
        "g" => 1000u64.pow(3),
        "t" => 1000u64.pow(4),
        "ki" => 1 << 10,
        "mi" => 1 << 20,
        "gi" => 1 << 30,
        "ti" => 1 << 40,
        _ => {
            return Err(format!(
                "unknown unit '{unit}' (b, k, m, g, t, ki, mi, gi or ti)"
            ))
        }
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .map(make)
        .ok_or_else(|| "too large".to_owned())
}

#[cfg(test)]
mod tests {
    use super::{parse_size, SizeFilter::*};

    #[test]
    fn signs_and_units() {
        assert_eq!(parse_size("10"), Ok(Exactly(10)));
        assert_eq!(parse_size("+10b"), Ok(AtLeast(10)));
        assert_eq!(parse_size("-2k"), Ok(AtMost(2000)));
        assert_eq!(parse_size("+1M"), Ok(AtLeast(1_000_000)));
        assert_eq!(parse_size("3g"), Ok(Exactly(3_000_000_000)));
        assert_eq!(parse_size("1t"), Ok(Exactly(1_000_000_000_000)));
        assert_eq!(parse_size("+1ki"), Ok(AtLeast(1024)));
        assert_eq!(parse_size("2Mi"), Ok(Exactly(2 << 20)));
        assert_eq!(parse_size("1gi"), Ok(Exactly(1 << 30)));
        assert_eq!(parse_size("1ti"), Ok(Exactly(1 << 40)));
    }

    #[test]
    fn bad_sizes_are_errors() {
        for bad in [
            "",
            "+",
            "k",
            "10x",
            "1.5k",
            "--1",
            "+-1",
            "99999999999999999999",
            "20000000ti",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bounds_are_inclusive() {
        assert!(AtLeast(5).matches(5) && !AtLeast(5).matches(4));
        assert!(AtMost(5).matches(5) && !AtMost(5).matches(6));
        assert!(Exactly(0).matches(0) && !Exactly(0).matches(1));
    }
}
