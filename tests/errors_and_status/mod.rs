//! What pfind says when something goes wrong, and the exit status it ends with: every
//! command-line error against a golden file, the wording and escaping of messages, and
//! permission errors during the walk. Errors of one feature (a bad `-S`, an unreadable
//! ignore file) are tested with that feature.

mod golden;
mod messages;
// Permission bits, and GNU find as another user.
#[cfg(unix)]
mod permissions;
