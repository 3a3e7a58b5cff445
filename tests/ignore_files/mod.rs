//! Ignore files (#3, issues 11.14, 14.5, 16, 20.3, 20.4): `--gitignore` against
//! `git ls-files --cached --others --exclude-standard`, `.ignore` files outside
//! repositories, `--ignore-file` as fd and ripgrep have it, how rule files are found
//! in a directory's listing, and rule files that cannot be used (reported, never
//! blocking). Tests that need git or strace skip with a printed reason without them.

// Against `git ls-files`.
#[cfg(unix)]
mod gitignore;
mod ignore_file;
// System calls counted with strace; tmpfs.
#[cfg(unix)]
mod listing;
// FIFOs, sockets, devices, permissions as another user, sparse files.
#[cfg(unix)]
mod rule_files;
