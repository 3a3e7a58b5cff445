//! `--changed-within`, `--changed-before`, `--newer`: a modification time against a
//! point in time.
//!
//! A point in time is either a duration back from now, in pfind's one duration grammar
//! (`src/duration.rs`: `30s`, `10min`, `1m30s`, `2d`, `1w`, `1month`, `1y`), or a date in
//! local time (`2026-01-31`, `2026-01-31 10:00`, `2026-01-31 10:00:00`, also with a `T`,
//! an explicit offset `2026-01-31T10:00:00Z`, or seconds since the epoch
//! `@1769853600`). Local time goes through `jiff` and the system time zone database
//! (honouring `TZ`), which settles daylight-saving gaps and folds the way `mktime`
//! does; that is why a crate is used here and not hand-written code.
//!
//! "Within" is find's `-newermt T` (modified strictly after T), "before" its negation
//! (at or before T), so the two split every file between them.

use jiff::Span;

use crate::duration::{self, DurationError};

/// A moment, as seconds and nanoseconds since the Unix epoch (what `stat` reports).
pub type Moment = (i64, u32);

/// A parsed point in time; durations are settled against "now" later, once per run.
#[derive(Clone, Copy, Debug)]
pub enum TimeSpec {
    /// This long before now.
    Ago(Span),
    /// An absolute moment.
    At(Moment),
}

impl TimeSpec {
    /// The moment this spec names, with `now` as the reference for durations; `None`
    /// when a duration reaches back past the earliest moment pfind can name.
    pub fn resolve(self, now: &jiff::Zoned) -> Option<Moment> {
        match self {
            TimeSpec::Ago(span) => duration::before(span, now).map(moment),
            TimeSpec::At(moment) => Some(moment),
        }
    }
}

/// A bound on the modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFilter {
    /// Modified strictly after this moment (`--changed-within`, `--newer`).
    After(Moment),
    /// Modified at or before this moment (`--changed-before`).
    NotAfter(Moment),
}

impl TimeFilter {
    /// True when a modification time `mtime` is within the bound.
    pub fn matches(self, mtime: Moment) -> bool {
        match self {
            TimeFilter::After(t) => mtime > t,
            TimeFilter::NotAfter(t) => mtime <= t,
        }
    }

    /// Whether an entry whose modification time cannot be read passes: find's
    /// `-newermt` is false then, so its negation (`--changed-before`) is true.
    pub fn matches_unknown(self) -> bool {
        matches!(self, TimeFilter::NotAfter(_))
    }
}

fn moment(timestamp: jiff::Timestamp) -> Moment {
    (timestamp.as_second(), timestamp.subsec_nanosecond() as u32)
}

/// Parses a duration or a date (the value of `--changed-within` / `--changed-before`).
pub fn parse_time(text: &str) -> Result<TimeSpec, String> {
    let text = text.trim();
    match duration::parse(text) {
        Ok(span) => return Ok(TimeSpec::Ago(span)),
        Err(DurationError::NotADuration) => {}
        Err(err) => return Err(err.describe(text)),
    }
    match parse_date(text) {
        Ok(moment) => Ok(TimeSpec::At(moment)),
        Err(DateError::NotADate) => Err(format!(
            "neither a duration ({}) nor a date (2026-01-31, \
             '2026-01-31 10:00:00', @SECONDS)",
            duration::EXAMPLES
        )),
        Err(DateError::OutOfRange) => {
            Err("out of range: pfind compares dates from -9999-01-02 to 9999-12-30".to_owned())
        }
    }
}

/// The value of `--changed-within` or `--changed-before`, as typed and as parsed.
#[derive(Clone, Debug)]
pub struct TimeArg {
    /// The text as typed, for messages.
    pub text: String,
    /// What it names.
    pub spec: TimeSpec,
}

/// clap's value parser for `--changed-within` and `--changed-before`.
pub fn parse_time_arg(text: &str) -> Result<TimeArg, String> {
    parse_time(text).map(|spec| TimeArg {
        text: text.to_owned(),
        spec,
    })
}

/// Why a text is not a usable date.
#[derive(Debug, PartialEq, Eq)]
enum DateError {
    /// Not a date at all.
    NotADate,
    /// A date, but outside what a timestamp can hold (`9999-12-31` east of UTC).
    OutOfRange,
}

/// A date: `@SECONDS`, an instant with an offset, or a civil date/time in local time.
fn parse_date(text: &str) -> Result<Moment, DateError> {
    use jiff::{civil, tz::TimeZone, Timestamp};
    if let Some(secs) = text.strip_prefix('@') {
        let secs: i64 = secs.parse().map_err(|_| DateError::NotADate)?;
        return Timestamp::from_second(secs)
            .map(moment)
            .map_err(|_| DateError::OutOfRange);
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(moment(ts));
    }
    let civil = match text.parse::<civil::DateTime>() {
        Ok(dt) => dt,
        Err(_) => text
            .parse::<civil::Date>()
            .map_err(|_| DateError::NotADate)?
            .to_datetime(civil::Time::midnight()),
    };
    civil
        .to_zoned(TimeZone::system())
        .map(|zoned| moment(zoned.timestamp()))
        .map_err(|_| DateError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A moment in UTC (no time zone database needed: Windows has none here).
    fn utc(text: &str) -> jiff::Zoned {
        let timestamp: jiff::Timestamp = text.parse().unwrap();
        timestamp.to_zoned(jiff::tz::TimeZone::UTC)
    }

    #[test]
    fn dates_in_utc_and_epoch() {
        assert_eq!(parse_date("@1769853600"), Ok((1_769_853_600, 0)));
        assert_eq!(parse_date("2026-01-31T10:00:00Z"), Ok((1_769_853_600, 0)));
        assert_eq!(
            parse_date("2026-01-31T10:00:00+01:00"),
            Ok((1_769_850_000, 0))
        );
        assert!(parse_date("2026-01-31").is_ok());
        assert!(parse_date("2026-01-31 10:00:00").is_ok());
        assert!(parse_date("2026-01-31 10:00").is_ok());
        assert_eq!(parse_date("2026-13-01"), Err(DateError::NotADate));
        assert_eq!(parse_date("yesterday"), Err(DateError::NotADate));
        assert!(parse_time("2026-02-30").is_err());
    }

    #[test]
    fn local_dates_are_one_day_apart() {
        let a = parse_date("2026-01-30").unwrap();
        let b = parse_date("2026-01-31").unwrap();
        assert_eq!(b.0 - a.0, 86_400);
    }

    #[test]
    fn bounds_split_every_time() {
        let t = (100, 5);
        for m in [(100, 4), (100, 5), (100, 6), (99, 9), (101, 0)] {
            assert_ne!(
                TimeFilter::After(t).matches(m),
                TimeFilter::NotAfter(t).matches(m)
            );
        }
        assert!(TimeFilter::After(t).matches((100, 6)));
        assert!(!TimeFilter::After(t).matches((100, 5)));
        let now = utc("2026-01-31T10:00:00.5Z");
        let ago = TimeSpec::Ago(jiff::Span::new().seconds(10)).resolve(&now);
        assert_eq!(ago, Some((1_769_853_590, 500_000_000)));
    }
}
