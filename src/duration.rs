//! pfind's one duration grammar, for `--max-time` and for the durations of
//! `--changed-within` and `--changed-before`.
//!
//! A duration is a number and a unit, repeated, largest unit first, with or without
//! spaces: `30s`, `10min`, `1m30s`, `1h 30m`, `2d`, `1w`, `1month`, `1y`. It is jiff's
//! "friendly" format (`jiff::fmt::friendly`), chosen over humantime because jiff
//! already reads pfind's dates, so that one crate settles both and the local time zone
//! means the same in each; it reads fd's durations (`1month`, `1y`, `10min`, `2weeks`)
//! too. Units: `y`/`yr`/`year`, `mo`/`month`, `w`/`wk`/`week`, `d`/`day`, `h`/`hr`/
//! `hour`, `m`/`min`/`minute`, `s`/`sec`/`second`, `ms`, `us`, `ns`, with plurals.
//! Fractions are allowed on hours and smaller units (`1.5h`).
//!
//! A day and a week are 24 hours and 7 of them; a month and a year are calendar ones,
//! counted back from now in local time (`TZ`). A bare number is refused, with a
//! message naming the units: `2` would be seconds to some and days to a find user
//! (`-mtime 2`), and a guess either way silently selects the wrong files. A negative
//! duration (`-1d`, `1d ago`) is refused too, and text with `:` is never a duration
//! (`10:00:00` is a time of day, not ten hours).

use jiff::fmt::friendly::SpanParser;
use jiff::{Span, SpanRelativeTo, Timestamp, Zoned};

/// The examples every message about a duration gives.
pub const EXAMPLES: &str = "30s, 10min, 1m30s, 2h, 3d, 1w, 1month, 1y";

/// Why a text is not a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// Not in the grammar at all (it may be something else, such as a date).
    NotADuration,
    /// A number with no unit.
    BareNumber,
    /// A duration, but one that counts forward.
    Negative,
    /// In the grammar, but too large (or a fraction of a day or more).
    Unusable(String),
}

impl DurationError {
    /// The reason, for a message about `text` (which the message names before it).
    pub fn describe(&self, text: &str) -> String {
        match self {
            DurationError::NotADuration => format!("not a duration such as {EXAMPLES}"),
            DurationError::BareNumber => format!(
                "needs a unit: {text}s, {text}min, {text}h or {text}d (a bare number is \
                 not guessed)"
            ),
            DurationError::Negative => "negative: a duration counts back from now".to_owned(),
            DurationError::Unusable(reason) => reason.clone(),
        }
    }
}

/// Parses a duration (see the module's grammar).
pub fn parse(text: &str) -> Result<Span, DurationError> {
    let text = text.trim();
    let number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if number(text) {
        return Err(DurationError::BareNumber);
    }
    if text.contains(':') || !text.starts_with(|c: char| c.is_ascii_digit()) {
        // A leading sign or word is jiff's (`-1d`, `ago`); only `N unit` is ours.
        if text.starts_with('-') && SpanParser::new().parse_span(text).is_ok() {
            return Err(DurationError::Negative);
        }
        return Err(DurationError::NotADuration);
    }
    match SpanParser::new().parse_span(text) {
        Ok(span) if span.is_negative() => Err(DurationError::Negative),
        Ok(span) => Ok(span),
        Err(err) => {
            let err = err.to_string();
            if err.contains("not in the required range") {
                Err(DurationError::Unusable("out of range".to_owned()))
            } else if err.contains("fractional") {
                Err(DurationError::Unusable(
                    "a fraction is allowed on hours and smaller units only (1.5h, not 1.5d)"
                        .to_owned(),
                ))
            } else {
                Err(DurationError::NotADuration)
            }
        }
    }
}

/// The moment `span` before `now`: days and weeks of 24 hours, months and years of
/// the calendar in `now`'s time zone. `None` when that moment is out of range.
pub fn before(span: Span, now: &Zoned) -> Option<Timestamp> {
    if span.get_years() == 0 && span.get_months() == 0 {
        let length = span.to_duration(SpanRelativeTo::days_are_24_hours()).ok()?;
        now.timestamp().checked_sub(length).ok()
    } else {
        now.checked_sub(span).ok().map(|then| then.timestamp())
    }
}

/// How long `span` is, counted back from `now` (so that `1month` is the length of the
/// month before now); `None` when out of range.
pub fn length(span: Span, now: &Zoned) -> Option<std::time::Duration> {
    let then = before(span, now)?;
    now.timestamp().duration_since(then).try_into().ok()
}

/// The value of an option that takes a duration, as typed and as parsed.
#[derive(Debug, Clone)]
pub struct DurationArg {
    /// The text as typed, for messages (`--max-time 10min`, not `600s`).
    pub text: String,
    /// The duration.
    pub span: Span,
}

/// clap's value parser for options that take a duration.
pub fn parse_arg(text: &str) -> Result<DurationArg, String> {
    match parse(text) {
        Ok(span) => Ok(DurationArg {
            text: text.to_owned(),
            span,
        }),
        Err(err) => Err(err.describe(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A moment in UTC (no time zone database needed: Windows has none here).
    fn utc(text: &str) -> jiff::Zoned {
        let timestamp: jiff::Timestamp = text.parse().unwrap();
        timestamp.to_zoned(jiff::tz::TimeZone::UTC)
    }

    fn seconds(text: &str) -> i64 {
        let now = utc("2026-03-31T12:00:00Z");
        let then = before(parse(text).unwrap(), &now).unwrap();
        now.timestamp().as_second() - then.as_second()
    }

    #[test]
    fn fd_durations_and_the_old_ones_read_the_same() {
        assert_eq!(seconds("30s"), 30);
        assert_eq!(seconds("10min"), 600);
        assert_eq!(seconds("1m30s"), 90);
        assert_eq!(seconds("1h30min"), 5400);
        assert_eq!(seconds("1 day 2 hours"), 93_600);
        assert_eq!(seconds("2weeks"), 14 * 86_400);
        assert_eq!(seconds("1.5h"), 5400);
        // Calendar units from 2026-03-31: back to 2026-02-28 (the month has no 31st),
        // and to 2025-03-31.
        assert_eq!(seconds("1month"), 31 * 86_400);
        assert_eq!(seconds("1y"), 365 * 86_400);
        assert_eq!(seconds("0s"), 0);
    }

    #[test]
    fn what_is_refused_and_why() {
        assert_eq!(parse("2").err(), Some(DurationError::BareNumber));
        assert_eq!(parse("1.5").err(), Some(DurationError::BareNumber));
        assert_eq!(parse("-1d").err(), Some(DurationError::Negative));
        assert_eq!(parse("1d ago").err(), Some(DurationError::Negative));
        assert_eq!(parse("10:00:00").err(), Some(DurationError::NotADuration));
        assert_eq!(parse("PT10M").err(), Some(DurationError::NotADuration));
        assert_eq!(parse("5x").err(), Some(DurationError::NotADuration));
        assert_eq!(parse("2026-01-31").err(), Some(DurationError::NotADuration));
        assert!(matches!(
            parse("99999999999w"),
            Err(DurationError::Unusable(_))
        ));
        assert!(matches!(parse("1.5d"), Err(DurationError::Unusable(_))));
        assert!(DurationError::BareNumber.describe("2").contains("2min"));
    }

    #[test]
    fn length_is_the_stretch_before_now() {
        let now = utc("2026-03-31T12:00:00Z");
        let ten = length(parse("10min").unwrap(), &now);
        assert_eq!(ten, Some(std::time::Duration::from_secs(600)));
        let half = length(parse("500ms").unwrap(), &now);
        assert_eq!(half, Some(std::time::Duration::from_millis(500)));
    }
}
