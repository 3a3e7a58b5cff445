//! Comparing outputs: records split and sorted as bytes (paths are bytes), in the
//! order printed, a difference shown as missing, extra and duplicated records, paths
//! as pfind prints them, and the shape of pfind's errors and exit statuses.

use std::ffi::OsStr;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
#[cfg(unix)]
use std::process::Output;

/// Splits on `sep`, drops the empty tail, sorts bytewise.
pub fn split_sorted(bytes: &[u8], sep: u8) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = bytes.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if records.last().is_some_and(Vec::is_empty) {
        records.pop();
    }
    records.sort();
    records
}

/// Records in output order (not sorted), split on `sep`.
pub fn in_order(bytes: &[u8], sep: u8) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = bytes.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if records.last().is_some_and(Vec::is_empty) {
        records.pop();
    }
    records
}

/// `paths` as the sorted records pfind prints with `-0`.
pub fn records(paths: &[&str]) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = paths.iter().map(|p| p.as_bytes().to_vec()).collect();
    records.sort();
    records
}

/// Asserts two sorted record lists are equal, showing the difference.
pub fn assert_same(got: &[Vec<u8>], want: &[Vec<u8>], context: &str) {
    if got == want {
        return;
    }
    let show = |r: &Vec<u8>| format!("\"{}\"", r.escape_ascii());
    let missing: Vec<String> = want.iter().filter(|r| !got.contains(r)).map(show).collect();
    let extra: Vec<String> = got.iter().filter(|r| !want.contains(r)).map(show).collect();
    let mut dupes: Vec<String> = got
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| show(&w[0]))
        .collect();
    dupes.dedup();
    panic!(
        "outputs differ: {} got, {} expected\nmissing: {missing:?}\nextra: {extra:?}\nduplicated: {dupes:?}\n{context}",
        got.len(),
        want.len()
    );
}

/// A path as pfind prints it: on Windows with `/` between components, where the
/// path (or a root typed) may have `\`.
pub fn printed(path: impl AsRef<OsStr>) -> String {
    let text = path.as_ref().to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// Bytes of a path-like thing.
#[cfg(unix)]
pub fn bytes(s: impl AsRef<OsStr>) -> Vec<u8> {
    s.as_ref().as_encoded_bytes().to_vec()
}

/// Bytes as an argument.
#[cfg(unix)]
pub fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// Context for an assertion message about a run that is no [`Run`].
#[cfg(unix)]
pub fn output_context(what: &str, output: &Output) -> String {
    format!(
        "{what}\nexit: {:?}\nstderr:\n{}\nstdout:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    )
}

/// Every stderr line has the form `pfind: PATH: reason` (one line per error).
#[cfg(unix)]
pub fn assert_error_lines(stderr: &[u8], what: &str) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("panicked"), "panic in {what}:\n{text}");
    for line in text.lines() {
        let well_formed = line
            .strip_prefix("pfind: ")
            .and_then(|rest| rest.rsplit_once(": "))
            .is_some_and(|(path, reason)| {
                !path.is_empty() && reason.chars().next().is_some_and(char::is_alphabetic)
            });
        assert!(
            well_formed,
            "malformed error line {line:?} in {what}:\n{text}"
        );
    }
}

/// The process ended by itself with one of pfind's statuses (never a signal, never the
/// 101 of a panic).
#[cfg(unix)]
pub fn assert_clean_exit(output: &Output, allowed: &[i32], what: &str) {
    let code = output.status.code();
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "bad exit ({:?}), expected one of {allowed:?}\n{}",
        output.status,
        output_context(what, output)
    );
}
