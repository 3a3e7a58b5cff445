//! `--changed-within`, `--changed-before`, `--newer`: a modification time against a
//! point in time.
//!
//! A point in time is either a duration back from now (`30s`, `10min`, `2h`, `3d`,
//! `1w`, and sums such as `1h30min`; a day is 24 hours) or a date in local time
//! (`2026-01-31`, `2026-01-31 10:00`, `2026-01-31 10:00:00`, also with a `T`, an
//! explicit offset `2026-01-31T10:00:00Z`, or seconds since the epoch `@1769853600`).
//! Local time goes through `jiff` and the system time zone database (honouring `TZ`),
//! which settles daylight-saving gaps and folds the way `mktime` does; that is why a
//! crate is used here and not hand-written code.
//!
//! "Within" is find's `-newermt T` (modified strictly after T), "before" its negation
//! (at or before T), so the two split every file between them.

/// A moment, as seconds and nanoseconds since the Unix epoch (what `stat` reports).
pub type Moment = (i64, u32);

/// A parsed point in time; durations are settled against "now" later, once per run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSpec {
    /// This many seconds before now.
    Ago(u64),
    /// An absolute moment.
    At(Moment),
}

impl TimeSpec {
    /// The moment this spec names, with `now` as the reference for durations.
    pub fn resolve(self, now: Moment) -> Moment {
        match self {
            TimeSpec::Ago(secs) => (
                now.0.saturating_sub(secs.min(i64::MAX as u64) as i64),
                now.1,
            ),
            TimeSpec::At(moment) => moment,
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

/// The current time.
pub fn now() -> Moment {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (since.as_secs() as i64, since.subsec_nanos())
}

/// Parses a duration or a date (the value of `--changed-within` / `--changed-before`).
pub fn parse_time(text: &str) -> Result<TimeSpec, String> {
    let text = text.trim();
    if let Some(secs) = parse_duration(text) {
        return Ok(TimeSpec::Ago(secs));
    }
    parse_date(text).map(TimeSpec::At).ok_or_else(|| {
        format!(
            "'{text}' is neither a duration (30s, 10min, 2h, 3d, 1w) nor a date \
             (2026-01-31, '2026-01-31 10:00:00', @SECONDS)"
        )
    })
}

/// `N unit` pairs, summed; `None` unless the whole text is such a sum.
fn parse_duration(text: &str) -> Option<u64> {
    let mut rest = text;
    let mut total: u64 = 0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit: u64 = match &rest[..letters] {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            _ => return None,
        };
        rest = rest[letters..].trim_start();
        total = total.checked_add(number.checked_mul(unit)?)?;
    }
    Some(total)
}

/// A date: `@SECONDS`, an instant with an offset, or a civil date/time in local time.
fn parse_date(text: &str) -> Option<Moment> {
    use jiff::{civil, tz::TimeZone, Timestamp};
    if let Some(secs) = text.strip_prefix('@') {
        return secs.parse::<i64>().ok().map(|s| (s, 0));
    }
    let timestamp = if let Ok(ts) = text.parse::<Timestamp>() {
        ts
    } else {
        let civil = match text.parse::<civil::DateTime>() {
            Ok(dt) => dt,
            Err(_) => text
                .parse::<civil::Date>()
                .ok()?
                .to_datetime(civil::Time::midnight()),
        };
        civil.to_zoned(TimeZone::system()).ok()?.timestamp()
    };
    Some((timestamp.as_second(), timestamp.subsec_nanosecond() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Some(30));
        assert_eq!(parse_duration("10min"), Some(600));
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("3d"), Some(3 * 86_400));
        assert_eq!(parse_duration("1w"), Some(604_800));
        assert_eq!(parse_duration("1h30min"), Some(5400));
        assert_eq!(parse_duration("1 day 2 hours"), Some(93_600));
        for bad in ["", "h", "10", "10x", "1.5h", "-1d", "99999999999999999999w"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_in_utc_and_epoch() {
        assert_eq!(parse_date("@1769853600"), Some((1_769_853_600, 0)));
        assert_eq!(parse_date("2026-01-31T10:00:00Z"), Some((1_769_853_600, 0)));
        assert_eq!(
            parse_date("2026-01-31T10:00:00+01:00"),
            Some((1_769_850_000, 0))
        );
        assert!(parse_date("2026-01-31").is_some());
        assert!(parse_date("2026-01-31 10:00:00").is_some());
        assert!(parse_date("2026-01-31 10:00").is_some());
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
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
        assert_eq!(TimeSpec::Ago(10).resolve((100, 7)), (90, 7));
    }
}
