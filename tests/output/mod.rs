//! What pfind prints, and where it stops: the output options into a pipe, `-l`, names
//! as bytes, stopping early, and stdout or stderr that fail. `--sort` is in `sort.rs`,
//! commands and `--format` in `commands/`, what a terminal shows in `terminal/`.

// Compared with `ls -l`: owners, modes and device numbers.
#[cfg(unix)]
mod details;
mod formats;
// Names Windows forbids (`\n`, `*`, invalid UTF-8), compared with GNU find.
#[cfg(unix)]
mod names;
mod stopping;
// /dev/full, closed descriptors, FIFOs.
#[cfg(unix)]
mod streams;
